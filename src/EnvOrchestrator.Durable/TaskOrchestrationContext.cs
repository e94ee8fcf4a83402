using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Durable;

/// <summary>The orchestration's window on the durable world (same members as Microsoft.DurableTask).</summary>
public abstract class TaskOrchestrationContext
{
    public abstract string Name { get; }

    public abstract string InstanceId { get; }

    public abstract ParentOrchestrationInstance? Parent { get; }

    /// <summary>The time the current episode started, replayed identically: use it instead of the clock.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the code re-runs over already recorded history.</summary>
    public abstract bool IsReplaying { get; }

    public abstract T? GetInput<T>();

    public virtual Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    public abstract Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    public virtual Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>A durable timer; <paramref name="fireAt"/> is UTC. Cancelling it abandons the wait, not the message.</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>Waits for an event raised to this instance; names are case-insensitive; early events are buffered.</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits for an event or a durable timer, whichever comes first; the loser is cancelled.</summary>
    /// <exception cref="TaskCanceledException">The timeout elapsed first.</exception>
    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var eventTask = WaitForExternalEvent<T>(eventName, cancel.Token);
        var timerTask = CreateTimer(timeout, cancel.Token);
        var winner = await Task.WhenAny(eventTask, timerTask).ConfigureAwait(true);
        // Synchronous on purpose: cancellation callbacks must run on the orchestration's own thread.
        cancel.Cancel();
        if (winner == eventTask)
        {
            return await eventTask.ConfigureAwait(true);
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new TaskCanceledException($"Event '{eventName}' did not arrive within {timeout}.");
    }

    public abstract void SendEvent(string instanceId, string eventName, object? payload);

    public abstract void SetCustomStatus(object? customStatus);

    public virtual Task CallSubOrchestratorAsync(string orchestratorName, object? input = null, TaskOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(orchestratorName, input, options);

    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null);

    /// <summary>Ends this execution and starts a fresh one (new execution id, empty history) with <paramref name="newInput"/>.</summary>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>A GUID that is the same on every replay.</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that writes nothing while the orchestration replays.</summary>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);

    public ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);
}
