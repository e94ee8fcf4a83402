using EnvOrchestrator.Lifecycle.Orchestrations;
using Microsoft.DurableTask.Client;

namespace EnvOrchestrator.Lifecycle.Cancellation;

/// <summary>
/// Watches, while a step runs, whether its orchestration was asked to cancel (its custom status), so that a cancel
/// raised through any process reaches the worker that runs Terraform. Combined with the local registry token.
/// </summary>
internal sealed class CancelWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;

    public CancelWatch(DurableTaskClient client, string instanceId, TimeSpan interval, TimeProvider time, CancellationToken local)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(local);
        _polling = PollAsync(client, instanceId, interval, time);
    }

    public CancellationToken Token => _cancel.Token;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _polling.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        _stop.Dispose();
        _cancel.Dispose();
    }

    private async Task PollAsync(DurableTaskClient client, string instanceId, TimeSpan interval, TimeProvider time)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            var instance = await client.GetInstanceAsync(instanceId, cancellation: _stop.Token).ConfigureAwait(false);
            if (instance?.ReadCustomStatusAs<RunCustomStatus>() is { CancelRequested: true } || instance is { IsCompleted: true })
            {
                await _cancel.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
    }
}
