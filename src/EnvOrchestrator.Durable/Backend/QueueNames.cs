namespace EnvOrchestrator.Durable.Backend;

/// <summary>Logical queue names; a backend maps them to physical names such as <c>{hub}-control-00</c>.</summary>
public static class QueueNames
{
    public const string WorkItems = "workitems";

    public static string Control(int partition) =>
        "control-" + partition.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The control queue that holds every message for <paramref name="instanceId"/>.</summary>
    public static string ControlFor(string instanceId, int partitionCount) => Control(PartitionOf(instanceId, partitionCount));

    /// <summary>A stable hash (FNV-1a over UTF-16 code units) so every process maps an instance to the same partition.</summary>
    public static int PartitionOf(string instanceId, int partitionCount)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        var hash = 2166136261u;
        foreach (var c in instanceId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)partitionCount);
    }
}
