using System.Collections.Concurrent;
using EnvOrchestrator.Durable.Backend;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Durable.Worker;

/// <summary>
/// Polls every control queue and the work-item queue. Idle polling backs off to <see cref="DurableTaskWorkerOptions.MaxPollDelay"/>;
/// a local enqueue wakes the poller of that queue at once.
/// </summary>
internal sealed class DurableTaskWorkerService(DurableTaskEngine engine, TimeProvider time, ILogger<DurableTaskWorkerService> logger)
    : BackgroundService
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await engine.Backend.CreateIfNotExistsAsync(stoppingToken).ConfigureAwait(false);
        logger.WorkerStarted(engine.Backend.TaskHub, engine.Backend.PartitionCount);
        var pollers = Enumerable.Range(0, engine.Backend.PartitionCount)
            .Select(p => PollControlQueueAsync(QueueNames.Control(p), stoppingToken))
            .Append(PollWorkItemsAsync(stoppingToken));
        await Task.WhenAll(pollers).ConfigureAwait(false);
    }

    private async Task PollControlQueueAsync(string queue, CancellationToken stoppingToken)
    {
        var options = engine.Options;
        var backoff = FirstBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = engine.Signal.NextSignal(queue);
            try
            {
                var batch = await engine.Backend.ReceiveMessagesAsync(queue, options.ControlQueueBatchSize, options.ControlMessageVisibilityTimeout, stoppingToken).ConfigureAwait(false);
                if (batch.Count > 0)
                {
                    await engine.ProcessControlMessagesAsync(batch, stoppingToken).ConfigureAwait(false);
                    backoff = FirstBackoff;
                    if (batch.Count == options.ControlQueueBatchSize)
                    {
                        continue;
                    }

                    // A partial batch means the queue is (nearly) empty: rather than paying for an empty receive,
                    // wait for a local enqueue, or at most the shortest backoff.
                    await WaitAsync(wake, backoff, stoppingToken).ConfigureAwait(false);
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.PollFailed(queue, ex);
            }

            await WaitAsync(wake, backoff, stoppingToken).ConfigureAwait(false);
            backoff = Min(backoff * 2, options.MaxPollDelay);
        }
    }

    private async Task PollWorkItemsAsync(CancellationToken stoppingToken)
    {
        var options = engine.Options;
        using var slots = new SemaphoreSlim(options.MaxConcurrentWorkItems, options.MaxConcurrentWorkItems);
        var running = new ConcurrentDictionary<Task, bool>();
        var backoff = FirstBackoff;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                var free = slots.CurrentCount + 1;
                var wake = engine.Signal.NextSignal(QueueNames.WorkItems);
                IReadOnlyList<ReceivedMessage> batch = [];
                try
                {
                    batch = await engine.Backend.ReceiveMessagesAsync(QueueNames.WorkItems, Math.Min(32, free), options.WorkItemVisibilityTimeout, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.PollFailed(QueueNames.WorkItems, ex);
                }

                if (batch.Count == 0)
                {
                    slots.Release();
                    await WaitAsync(wake, backoff, stoppingToken).ConfigureAwait(false);
                    backoff = Min(backoff * 2, options.MaxPollDelay);
                    continue;
                }

                var partial = batch.Count < Math.Min(32, free);
                backoff = FirstBackoff;
                for (var i = 0; i < batch.Count; i++)
                {
                    if (i > 0)
                    {
                        await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                    }

                    var task = RunWorkItemAsync(batch[i], slots, stoppingToken);
                    running[task] = true;
                    _ = task.ContinueWith(t => running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }

                if (partial)
                {
                    await WaitAsync(wake, backoff, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(running.Keys).ConfigureAwait(false);
    }

    private async Task RunWorkItemAsync(ReceivedMessage message, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield();
            await engine.ProcessWorkItemAsync(message, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                logger.WorkItemFailed(message.MessageId, ex);
            }
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task WaitAsync(Task wake, TimeSpan delay, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delayTask = Task.Delay(delay, time, timeout.Token);
        await Task.WhenAny(wake, delayTask).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
