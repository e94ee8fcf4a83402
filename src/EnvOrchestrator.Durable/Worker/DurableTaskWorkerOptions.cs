using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Durable.Worker;

/// <summary>Tuning of the engine and its pollers; defaults suit Azure Storage.</summary>
public sealed class DurableTaskWorkerOptions
{
    public const string SectionName = "DurableTask:Worker";

    /// <summary>Messages received per control-queue poll (Azure allows at most 32).</summary>
    public int ControlQueueBatchSize { get; set; } = 32;

    /// <summary>How long a received control message stays hidden; must cover one episode with its dispatch.</summary>
    public TimeSpan ControlMessageVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Lease of a work item; renewed every third of it while its activities run.</summary>
    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest wait between polls of an idle queue; local enqueues wake pollers at once.</summary>
    public TimeSpan MaxPollDelay { get; set; } = TimeSpan.FromSeconds(1);

    public int MaxConcurrentActivities { get; set; } = 100;

    /// <summary>Activity invocations packed into one work-item message (their results return in one message).</summary>
    public int MaxActivitiesPerWorkItem { get; set; } = 50;

    public int MaxConcurrentWorkItems { get; set; } = 32;

    /// <summary>In-process retries of an episode after an ETag conflict before its messages are released.</summary>
    public int MaxConflictRetries { get; set; } = 3;

    /// <summary>Deliveries of a control message after which it is parked and its instance failed.</summary>
    public int MaxControlMessageDequeueCount { get; set; } = 10;

    /// <summary>Deliveries of a work item after which it is parked and its activities fail with PoisonMessage.</summary>
    public int MaxWorkItemDequeueCount { get; set; } = 5;

    public int InstanceCacheSize { get; set; } = 2_000;

    /// <summary>Test hook: called at each protocol step; throwing simulates a crash at that point.</summary>
    internal Action<ProtocolStep>? FaultInjector { get; set; }
}

internal sealed class DurableTaskWorkerOptionsValidator : IValidateOptions<DurableTaskWorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, DurableTaskWorkerOptions options)
    {
        var errors = new List<string>();
        if (options.ControlQueueBatchSize is < 1 or > 32)
        {
            errors.Add("ControlQueueBatchSize must be 1–32.");
        }

        if (options.ControlMessageVisibilityTimeout <= TimeSpan.Zero || options.WorkItemVisibilityTimeout <= TimeSpan.Zero)
        {
            errors.Add("Visibility timeouts must be positive.");
        }

        if (options.MaxPollDelay <= TimeSpan.Zero || options.MaxPollDelay > TimeSpan.FromSeconds(30))
        {
            errors.Add("MaxPollDelay must be between 0 and 30 seconds.");
        }

        if (options.MaxConcurrentActivities < 1 || options.MaxActivitiesPerWorkItem < 1 || options.MaxConcurrentWorkItems < 1)
        {
            errors.Add("Concurrency limits must be at least 1.");
        }

        if (options.MaxConflictRetries < 0 || options.MaxControlMessageDequeueCount < 1 || options.MaxWorkItemDequeueCount < 1)
        {
            errors.Add("Retry and dequeue limits must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
