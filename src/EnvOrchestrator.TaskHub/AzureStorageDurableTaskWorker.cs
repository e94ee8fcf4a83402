using System.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Middleware;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.TaskHub;

/// <summary>
/// Runs the SDK's orchestrators and activities in this process on DTFx's <see cref="TaskHubWorker"/> over the Azure
/// Storage provider — what Durable Functions does on Azure Storage — instead of through a gRPC sidecar.
/// </summary>
internal sealed class AzureStorageDurableTaskWorker : DurableTaskWorker
{
    private readonly TaskHubRuntime _runtime;
    private readonly IServiceProvider _services;
    private readonly DurableTaskWorkerOptions _workerOptions;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private volatile bool _stopping;

    public AzureStorageDurableTaskWorker(
        string name,
        IDurableTaskFactory factory,
        TaskHubRuntime runtime,
        IServiceProvider services,
        IOptionsMonitor<DurableTaskWorkerOptions> workerOptions,
        ILoggerFactory loggerFactory,
        IHostApplicationLifetime? lifetime = null)
        : base(name, factory)
    {
        ArgumentNullException.ThrowIfNull(workerOptions);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _runtime = runtime;
        _services = services;
        _workerOptions = workerOptions.Get(name);
        _lifetime = lifetime;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<AzureStorageDurableTaskWorker>();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _runtime.EnsureCreatedAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped before it started: nothing to stop (and not a failure of the host).
            return;
        }

        var shims = new DurableTaskShimFactory(_workerOptions, _loggerFactory);
        using var worker = new TaskHubWorker(
            _runtime.Service,
            new OrchestrationObjects(Factory, shims, _services),
            new ActivityObjects(Factory, shims, _services),
            _loggerFactory)
        {
            // Without it a failed activity or sub-orchestration reaches the parent with no failure details.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        worker.AddActivityDispatcherMiddleware(LimitDeliveriesAsync);
        await worker.StartAsync().ConfigureAwait(false);
        _logger.WorkerStarted(_runtime.Options.TaskHubName, _runtime.Options.PartitionCount);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: activities saw the host's stopping token and end (or abandon) their work items.
        }

        _stopping = true;
        var stopwatch = Stopwatch.StartNew();
        await worker.StopAsync(isForced: false).ConfigureAwait(false);
        _logger.WorkerStopped(_runtime.Options.TaskHubName, stopwatch.Elapsed);
    }

    /// <summary>The host is stopping (its lifetime says so) or this worker is (its stopping token fired).</summary>
    private bool Stopping => _stopping || _lifetime?.ApplicationStopping.IsCancellationRequested == true;

    /// <summary>
    /// Two things the provider does not do: an invocation delivered more than <see cref="TaskHubOptions.MaxActivityDeliveries"/>
    /// times (its worker died every time) fails without running again; and an activity that stopped because this
    /// process is shutting down gives its work item back to the queue instead of recording a failure.
    /// </summary>
    private async Task LimitDeliveriesAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        var instance = context.GetProperty<OrchestrationInstance>();
        var scheduled = context.GetProperty<TaskScheduledEvent>();
        var deliveries = _runtime.Deliveries;
        var queueDelivery = (int)Math.Min(int.MaxValue, context.GetProperty<WorkItemMetadata>()?.DeliveryAttempt ?? 0);
        var count = await deliveries.RecordAsync(instance.InstanceId, instance.ExecutionId, scheduled.EventId, queueDelivery, CancellationToken.None).ConfigureAwait(false);
        _logger.ActivityDelivered(scheduled.Name ?? string.Empty, instance.InstanceId, scheduled.EventId, count, queueDelivery);
        if (count > deliveries.Limit)
        {
            // Its count stays recorded: a duplicate message of this invocation fails the same way, without running.
            var runs = deliveries.Limit;
            _logger.ActivityPoisoned(scheduled.Name ?? string.Empty, instance.InstanceId, runs);
            var message = $"Activity '{scheduled.Name}' was delivered {runs} times and its worker never finished it (it died each time); it is not run again.";
            var failure = new FailureDetails(TaskHubErrors.DeliveryLimit, message, stackTrace: null, innerFailure: null, isNonRetriable: true);
            context.SetProperty(new ActivityExecutionResult { ResponseEvent = new TaskFailedEvent(-1, scheduled.EventId, message, null, failure) });
            return;
        }

        await next().ConfigureAwait(false);
        if (Stopping && context.GetProperty<ActivityExecutionResult>()?.ResponseEvent is TaskFailedEvent)
        {
            // The redelivery's dequeue count includes this delivery, which did not die: it must not count.
            await deliveries.SetAsync(instance.InstanceId, instance.ExecutionId, scheduled.EventId, Math.Max(count, Math.Max(1, queueDelivery)) - 1, CancellationToken.None).ConfigureAwait(false);
            _logger.ActivityAbandoned(scheduled.Name ?? string.Empty, instance.InstanceId);
            throw new SessionAbortedException("The worker is stopping; the activity runs again on the next delivery.");
        }

        if (count > 0)
        {
            await deliveries.ForgetAsync(instance.InstanceId, instance.ExecutionId, scheduled.EventId, CancellationToken.None).ConfigureAwait(false);
        }
    }
}

/// <summary>Error types the runtime itself gives failures (activities' own failures carry their exception type).</summary>
public static class TaskHubErrors
{
    public const string DeliveryLimit = "EnvOrchestrator.TaskHub.DeliveryLimitExceeded";
}
