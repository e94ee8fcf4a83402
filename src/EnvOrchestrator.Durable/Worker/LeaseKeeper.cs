using EnvOrchestrator.Durable.Backend;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Durable.Worker;

/// <summary>
/// Keeps a work item hidden while its activities run, renewing the lease every third of its length. A failed renewal
/// is retried until the lease would run out; then the lease counts as lost and <see cref="Lost"/> is cancelled, so
/// the activities stop (another worker may already have the message) instead of running on beside their next delivery.
/// </summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly IOrchestrationBackend _backend;
    private readonly TimeSpan _visibility;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _loop;
    private ReceivedMessage _message;

    public LeaseKeeper(IOrchestrationBackend backend, ReceivedMessage message, TimeSpan visibility, TimeProvider time, ILogger logger)
    {
        _backend = backend;
        _message = message;
        _visibility = visibility;
        _time = time;
        _logger = logger;
        _loop = RenewAsync();
    }

    /// <summary>Cancelled when the lease could not be renewed before it ran out.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Stops renewing and returns the message with its latest pop receipt.</summary>
    public async Task<ReceivedMessage> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        return _message;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task RenewAsync()
    {
        var period = _visibility / 3;
        var retry = TimeSpan.FromTicks(Math.Min(period.Ticks / 4, TimeSpan.FromSeconds(5).Ticks));
        var expiresAt = _time.GetUtcNow() + _visibility;
        var wait = period;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, _time, _stop.Token).ConfigureAwait(false);
                _message = await _backend.UpdateVisibilityAsync(_message, _visibility, _stop.Token).ConfigureAwait(false);
                expiresAt = _time.GetUtcNow() + _visibility;
                wait = period;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LeaseRenewalFailed(_message.MessageId, ex);
                if (_time.GetUtcNow() + retry >= expiresAt)
                {
                    _logger.LeaseLost(_message.MessageId);
                    await _lost.CancelAsync().ConfigureAwait(false);
                    return;
                }

                wait = retry;
            }
        }
    }
}
