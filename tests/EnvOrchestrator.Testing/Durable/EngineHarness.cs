using EnvOrchestrator.Durable;
using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.History;
using EnvOrchestrator.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using Xunit.Abstractions;

namespace EnvOrchestrator.Testing.Durable;

/// <summary>
/// Engines (workers), a client and a registry over one backend, as several processes would share a task hub.
/// Workers run the real hosted poller with short timeouts so crash recovery takes about a second. Wait deadlines are
/// generous: they only stop a hung test, and a loaded 2-core CI box running every test assembly at once is slow.
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private readonly List<TestWorker> _workers = [];
    private readonly ServiceProvider _services = new ServiceCollection().BuildServiceProvider();

    public EngineHarness(IOrchestrationBackend backend, ITestOutputHelper? output)
    {
        Backend = backend;
        LoggerFactory = output is null
            ? NullLoggerFactory.Instance
            : new LoggerFactory([new XunitLoggerProvider(output)], new LoggerFilterOptions { MinLevel = MinLevel });
        Registry = TestTasks.Register(new DurableTaskRegistry());
        Client = NewClient();
    }

    public IOrchestrationBackend Backend { get; }

    /// <summary>Set DURABLE_TEST_LOG=Debug to see every commit.</summary>
    private static LogLevel MinLevel =>
        Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("DURABLE_TEST_LOG"), out var level) ? level : LogLevel.Information;

    public DurableTaskRegistry Registry { get; }

    public DurableTaskClient Client { get; }

    public WorkSignal Signal { get; } = new();

    public ILoggerFactory LoggerFactory { get; }

    public static TimeSpan Visibility { get; } = TimeSpan.FromSeconds(1.5);

    public static DurableTaskWorkerOptions FastOptions() => new()
    {
        ControlMessageVisibilityTimeout = Visibility,
        WorkItemVisibilityTimeout = Visibility,
        MaxPollDelay = TimeSpan.FromMilliseconds(50),
    };

    public DurableTaskClient NewClient(Action<ProtocolStep>? faultInjector = null) =>
        new(Backend, TimeProvider.System, Signal, faultInjector);

    public DurableTaskEngine NewEngine(Action<DurableTaskWorkerOptions>? configure = null, TimeProvider? time = null)
    {
        var options = FastOptions();
        configure?.Invoke(options);
        return new DurableTaskEngine(Backend, Registry, _services, options, time ?? TimeProvider.System, LoggerFactory, Signal);
    }

    public async Task<TestWorker> StartWorkerAsync(Action<DurableTaskWorkerOptions>? configure = null)
    {
        var engine = NewEngine(configure);
        var service = new DurableTaskWorkerService(engine, TimeProvider.System, LoggerFactory.CreateLogger<DurableTaskWorkerService>());
        var worker = new TestWorker(engine, service);
        _workers.Add(worker);
        await service.StartAsync(CancellationToken.None);
        return worker;
    }

    public async Task<OrchestrationMetadata> RunAsync(string name, object? input, TimeSpan? timeout = null)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(name, input);
        return await WaitAsync(id, timeout);
    }

    /// <summary>Events the workers ignored so far: redeliveries, stale executions, events for finished instances.</summary>
    public long IgnoredEvents => _workers.Sum(w => w.Metrics.IgnoredEvents);

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(40));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }

    /// <summary>Polls until the instance finished an execution that had <paramref name="input"/>.</summary>
    public async Task<OrchestrationMetadata> WaitForInputAsync<T>(string instanceId, T input, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(40));
        while (true)
        {
            var metadata = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cts.Token);
            if (metadata is { IsCompleted: true } && EqualityComparer<T>.Default.Equals(metadata.ReadInputAs<T>(), input))
            {
                return metadata;
            }

            await Task.Delay(20, cts.Token);
        }
    }

    /// <summary>Polls until the instance's custom status equals <paramref name="status"/>.</summary>
    public async Task WaitForCustomStatusAsync(string instanceId, string status, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var metadata = await Client.GetInstanceAsync(instanceId, cancellationToken: cts.Token);
            if (metadata?.ReadCustomStatusAs<string>() == status)
            {
                return;
            }

            await Task.Delay(20, cts.Token);
        }
    }

    /// <summary>
    /// Polls until the workers have ignored more events than <paramref name="before"/>: the signal that a message the
    /// engine must drop (a late result, an event for a finished instance) has been processed, not merely sent.
    /// </summary>
    public async Task WaitForIgnoredEventsAsync(long before, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (IgnoredEvents <= before)
        {
            await Task.Delay(20, cts.Token);
        }
    }

    /// <summary>Polls until the instance's history holds an event of <paramref name="kind"/>.</summary>
    public async Task WaitForHistoryEventAsync(string instanceId, HistoryEventKind kind, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (!(await ReadHistoryAsync(instanceId)).Any(e => e.Kind == kind))
        {
            await Task.Delay(50, cts.Token);
        }
    }

    public async Task<IReadOnlyList<HistoryEvent>> ReadHistoryAsync(string instanceId)
    {
        var snapshot = await Backend.ReadInstanceAsync(instanceId, includeHistory: true, CancellationToken.None)
            ?? throw new InvalidOperationException($"Instance {instanceId} does not exist.");
        return snapshot.History.OrderBy(h => h.Episode).SelectMany(h => HistoryCodec.Decode(h.EventsJson)).ToArray();
    }

    /// <summary>Every scheduled task, timer and sub-orchestration completed exactly once; no outbox is left.</summary>
    public async Task AssertHistoryConsistentAsync(string instanceId)
    {
        var history = await ReadHistoryAsync(instanceId);
        var scheduled = history.Where(e => e.Kind is HistoryEventKind.TaskScheduled or HistoryEventKind.TimerCreated
            or HistoryEventKind.SubOrchestrationCreated).Select(e => e.TaskId).OrderBy(i => i).ToArray();
        var completed = history.Where(e => e.IsCompletion).Select(e => e.TaskId).OrderBy(i => i).ToArray();
        Assert.Equal(scheduled, completed);
        var snapshot = await Backend.ReadInstanceAsync(instanceId, includeHistory: true, CancellationToken.None);
        Assert.NotNull(snapshot);
        Assert.Empty(snapshot!.PendingOutboxes);
    }

    /// <summary>Waits until no queue of the hub holds a message, including hidden ones whose lease then expires.</summary>
    public async Task AssertQueuesDrainAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var queues = Enumerable.Range(0, Backend.PartitionCount).Select(QueueNames.Control).Append(QueueNames.WorkItems).ToArray();
        var quietRounds = 0;
        while (quietRounds < 2)
        {
            cts.Token.ThrowIfCancellationRequested();
            var anyVisible = false;
            foreach (var queue in queues)
            {
                var peeked = await Backend.ReceiveMessagesAsync(queue, 32, TimeSpan.Zero, cts.Token);
                anyVisible |= peeked.Count > 0;
            }

            quietRounds = anyVisible ? 0 : quietRounds + 1;
            await Task.Delay(anyVisible ? TimeSpan.FromMilliseconds(100) : Visibility + TimeSpan.FromMilliseconds(200), cts.Token);
        }
    }

    public async Task StopWorkersAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopWorkersAsync();
        foreach (var worker in _workers)
        {
            worker.Engine.Dispose();
        }

        await Backend.DeleteTaskHubAsync(CancellationToken.None);
        await _services.DisposeAsync();
        LoggerFactory.Dispose();
    }
}

internal sealed class TestWorker(DurableTaskEngine engine, DurableTaskWorkerService service)
{
    private bool _stopped;

    public DurableTaskEngine Engine { get; } = engine;

    public EngineMetrics Metrics => Engine.Metrics;

    /// <summary>Stops polling; in-flight work is cancelled, not cleaned up (messages reappear after their lease).</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await service.StopAsync(cts.Token);
        service.Dispose();
    }
}
