using System.Collections.Concurrent;

namespace EnvOrchestrator.Durable.Worker;

/// <summary>
/// Wakes this process's pollers the moment it enqueues something, so polling can back off to a second
/// without adding latency to local hand-offs (most of them: an activity result goes back to the same process).
/// </summary>
internal sealed class WorkSignal
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);

    /// <summary>A task that completes on the next <see cref="Notify"/> for <paramref name="queue"/>; take it before receiving.</summary>
    public Task NextSignal(string queue) => _signals.GetOrAdd(queue, static _ => NewSource()).Task;

    public void Notify(string queue)
    {
        if (_signals.TryRemove(queue, out var source))
        {
            source.TrySetResult();
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
