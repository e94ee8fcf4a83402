using EnvOrchestrator.Durable;
using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.History;
using EnvOrchestrator.Durable.Messaging;
using Xunit;
using Xunit.Abstractions;

namespace EnvOrchestrator.Testing.Durable;

/// <summary>At-least-once delivery: duplicates, reordering, stale executions, competing workers and poison messages.</summary>
public abstract class EngineDeliveryContract(ITestOutputHelper output)
{
    private const int Timeout = 90_000;

    protected abstract Task<IOrchestrationBackend> CreateBackendAsync();

    [Theory(Timeout = Timeout)]
    [InlineData("Mixed", 0, 20)]
    [InlineData("Parent", 5, 31)]
    [InlineData("WaitEventWithTimeout", 100, "timeout")]
    public async Task Delivery_DuplicatedReorderedAndStaleMessages_SameHistoryAndOutput(string orchestrator, int input, object expected)
    {
        await using var normal = await StartAsync(await CreateBackendAsync());
        await using var chaos = await StartAsync(new ChaosBackend(await CreateBackendAsync()));

        var expectedRun = await normal.RunAsync(orchestrator, input);
        var chaosRun = await chaos.RunAsync(orchestrator, input);
        await chaos.AssertQueuesDrainAsync();

        Assert.Equal(expected.ToString(), Unquote(expectedRun.SerializedOutput));
        Assert.Equal(expectedRun.SerializedOutput, chaosRun.SerializedOutput);
        Assert.Equal(Shape(await normal.ReadHistoryAsync(expectedRun.InstanceId)), Shape(await chaos.ReadHistoryAsync(chaosRun.InstanceId)));
        await chaos.AssertHistoryConsistentAsync(chaosRun.InstanceId);
    }

    [Fact(Timeout = Timeout)]
    public async Task Delivery_DuplicateCompletionWithOtherPayload_IsIgnored()
    {
        await using var h = await StartAsync(await CreateBackendAsync());
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("DoubleThenEvent", 5);
        await h.WaitForCustomStatusAsync(id, "waiting");
        var state = (await h.Backend.ReadInstanceAsync(id, false, CancellationToken.None))!.State;

        var forged = new ControlMessage(id, state.ExecutionId, [new HistoryEvent(HistoryEventKind.TaskCompleted)
        {
            TaskId = 0,
            Payload = "999",
            DedupKey = DedupKeys.Task(state.ExecutionId, 0),
        }]);
        var ignoredBefore = h.IgnoredEvents;
        await h.Backend.SendMessageAsync(QueueNames.ControlFor(id, h.Backend.PartitionCount), MessageCodec.Encode(forged), TimeSpan.Zero, CancellationToken.None);
        await h.WaitForIgnoredEventsAsync(ignoredBefore);
        await h.Client.RaiseEventAsync(id, "go", 1);
        var result = await h.WaitAsync(id);

        Assert.Equal(11, result.ReadOutputAs<int>());
        Assert.Single(await h.ReadHistoryAsync(id), e => e.Kind == HistoryEventKind.TaskCompleted);
    }

    [Fact(Timeout = Timeout)]
    public async Task Workers_TwoRacingOnFanOut200_ConflictsResolvedAndResultCorrect()
    {
        await using var h = new EngineHarness(await CreateBackendAsync(), output);
        await h.Backend.CreateIfNotExistsAsync(CancellationToken.None);
        var a = await h.StartWorkerAsync(o => { o.MaxActivitiesPerWorkItem = 1; o.ControlQueueBatchSize = 4; });
        var b = await h.StartWorkerAsync(o => { o.MaxActivitiesPerWorkItem = 1; o.ControlQueueBatchSize = 4; });

        var result = await h.RunAsync("FanOut", 200, TimeSpan.FromSeconds(80));

        Assert.Equal(200 * 201, result.ReadOutputAs<int>());
        Assert.True(a.Metrics.Conflicts + b.Metrics.Conflicts > 0, "Two workers on one fan-in should conflict at least once.");
        Assert.True(a.Metrics.Commits > 0 && b.Metrics.Commits > 0);
        await h.AssertHistoryConsistentAsync(result.InstanceId);
    }

    [Fact(Timeout = Timeout)]
    public async Task Poison_ControlMessageDeliveredTooOften_ParkedAndInstanceFailed()
    {
        await using var h = new EngineHarness(await CreateBackendAsync(), output);
        await h.Backend.CreateIfNotExistsAsync(CancellationToken.None);
        var engine = h.NewEngine(o => o.MaxControlMessageDequeueCount = 3);
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("WaitEvent", "go");
        await ManualPump.RunUntilIdleAsync(h.Backend, engine);
        await h.Client.RaiseEventAsync(id, "go", 1);
        var queue = QueueNames.ControlFor(id, h.Backend.PartitionCount);

        IReadOnlyList<ReceivedMessage> received = [];
        for (var i = 0; i < 4; i++)
        {
            received = await h.Backend.ReceiveMessagesAsync(queue, 1, TimeSpan.Zero, CancellationToken.None);
        }

        await engine.ProcessControlMessagesAsync(received, CancellationToken.None);
        var instance = await h.Client.GetInstanceAsync(id);
        var parked = await h.Client.ListPoisonMessagesAsync();
        var redriven = await h.Client.RedrivePoisonMessageAsync(parked[0].Id);
        await ManualPump.RunUntilIdleAsync(h.Backend, engine);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, instance?.RuntimeStatus);
        Assert.Equal("PoisonMessage", instance?.FailureDetails?.ErrorType);
        Assert.Single(parked);
        Assert.Equal(id, parked[0].InstanceId);
        Assert.True(redriven);
        Assert.Empty(await h.Client.ListPoisonMessagesAsync());
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await h.Client.GetInstanceAsync(id))?.RuntimeStatus);
        engine.Dispose();
    }

    [Fact(Timeout = Timeout)]
    public async Task Poison_WorkItemDeliveredTooOften_OrchestrationSeesPoisonFailure()
    {
        await using var h = new EngineHarness(await CreateBackendAsync(), output);
        await h.Backend.CreateIfNotExistsAsync(CancellationToken.None);
        var engine = h.NewEngine(o => o.MaxWorkItemDequeueCount = 2);
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("CatchFailure", "Fail");
        await ManualPump.RunControlUntilIdleAsync(h.Backend, engine);

        IReadOnlyList<ReceivedMessage> received = [];
        for (var i = 0; i < 3; i++)
        {
            received = await h.Backend.ReceiveMessagesAsync(QueueNames.WorkItems, 1, TimeSpan.Zero, CancellationToken.None);
        }

        await engine.ProcessWorkItemAsync(Assert.Single(received), CancellationToken.None);
        await ManualPump.RunUntilIdleAsync(h.Backend, engine);
        var result = await h.Client.GetInstanceAsync(id, getInputsAndOutputs: true);

        Assert.StartsWith("PoisonMessage|", result?.ReadOutputAs<string>(), StringComparison.Ordinal);
        Assert.Single(await h.Client.ListPoisonMessagesAsync());
        engine.Dispose();
    }

    private static string? Unquote(string? json) => json?.Trim('"');

    /// <summary>History without times, ids and arrival order: what must not depend on how messages arrived.</summary>
    private static string[] Shape(IEnumerable<HistoryEvent> history) => history
        .Where(e => e.Kind is not HistoryEventKind.OrchestratorStarted)
        .Select(e => $"{e.Kind}#{e.TaskId}:{e.Name}:{(e.Kind == HistoryEventKind.ExecutionStarted ? string.Empty : e.Payload)}:{e.Failure?.ErrorType}")
        .Order(StringComparer.Ordinal)
        .ToArray();

    private async Task<EngineHarness> StartAsync(IOrchestrationBackend backend)
    {
        var h = new EngineHarness(backend, output);
        await h.Backend.CreateIfNotExistsAsync(CancellationToken.None);
        await h.StartWorkerAsync();
        return h;
    }
}
