namespace EnvOrchestrator.Durable;

/// <summary>Options for scheduling an activity or sub-orchestration.</summary>
public record TaskOptions(RetryPolicy? Retry = null)
{
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);
}

/// <summary>Options for a sub-orchestration; a null <see cref="InstanceId"/> gets a deterministic id from the parent.</summary>
public sealed record SubOrchestrationOptions(string? InstanceId = null, RetryPolicy? Retry = null) : TaskOptions(Retry);

/// <summary>
/// Declarative retries: each attempt is a new scheduled task and the waits are durable timers, so a retry
/// survives a process crash and never relies on queue redelivery.
/// </summary>
public sealed class RetryPolicy
{
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout;
    }

    public int MaxNumberOfAttempts { get; }

    public TimeSpan FirstRetryInterval { get; }

    public double BackoffCoefficient { get; }

    public TimeSpan MaxRetryInterval { get; }

    /// <summary>No retry is started once this much time passed since the first attempt; null = no limit.</summary>
    public TimeSpan? RetryTimeout { get; }

    /// <summary>Decides whether a failure (a <see cref="TaskFailedException"/>) is retried; default: all.</summary>
    public Func<Exception, bool> Handle { get; init; } = static _ => true;

    internal TimeSpan DelayBefore(int nextAttempt)
    {
        var factor = Math.Pow(BackoffCoefficient, nextAttempt - 2);
        var ticks = Math.Min(FirstRetryInterval.Ticks * factor, MaxRetryInterval.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
