using System.Globalization;
using EnvOrchestrator.Durable.Backend;

namespace EnvOrchestrator.Functions.CustomHandler;

/// <summary>
/// The trigger functions (folders under <c>FunctionsApp/</c>): the queue triggers with the engine queue each one
/// serves, and the sweep's timer trigger. The Functions host posts an invocation to <c>/{FunctionName}</c>.
/// </summary>
internal static class FunctionNames
{
    /// <summary>The timer trigger (every minute) that runs one pass of the lifecycle's sweep.</summary>
    public const string EnvironmentSweep = "EnvironmentSweep";

    public const string WorkItemQueue = "WorkItemQueue";

    /// <summary>Control queues shipped as functions; a task hub with more partitions needs more function folders.</summary>
    public const int ControlQueueFunctions = 4;

    public static string ControlQueue(int partition) => "ControlQueue" + partition.ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>Function name → logical engine queue, for the partitions the hub has.</summary>
    public static IReadOnlyDictionary<string, string> QueueTriggers(int partitionCount)
    {
        var triggers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [WorkItemQueue] = QueueNames.WorkItems };
        for (var partition = 0; partition < partitionCount; partition++)
        {
            triggers[ControlQueue(partition)] = QueueNames.Control(partition);
        }

        return triggers;
    }
}
