using EnvOrchestrator.Durable.Backend;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Durable.Worker;

/// <summary>Keeps a work item hidden while its activities run, renewing the lease every third of its length.</summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly IOrchestrationBackend _backend;
    private readonly TimeSpan _visibility;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
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
    }

    private async Task RenewAsync()
    {
        var period = _visibility / 3;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, _time, _stop.Token).ConfigureAwait(false);
                _message = await _backend.UpdateVisibilityAsync(_message, _visibility, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LeaseRenewalFailed(_message.MessageId, ex);
                return;
            }
        }
    }
}
