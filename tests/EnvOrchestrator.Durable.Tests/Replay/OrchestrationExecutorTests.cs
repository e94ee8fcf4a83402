using EnvOrchestrator.Durable.History;
using EnvOrchestrator.Durable.Replay;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnvOrchestrator.Durable.Tests.Replay;

public sealed class OrchestrationExecutorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly ITaskOrchestrator TwoSteps = Orchestrator(async (context, _) =>
    {
        var a = await context.CallActivityAsync<int>("A", 1);
        var b = await context.CallActivityAsync<int>("B", a);
        return a + b;
    });

    [Fact]
    public void Execute_FirstEpisode_SchedulesFirstActivityOnly()
    {
        var outcome = Run(TwoSteps, [], Started());

        var action = Assert.Single(outcome.Actions);
        Assert.Equal(HistoryEventKind.TaskScheduled, action.Kind);
        Assert.Equal(0, action.TaskId);
        Assert.Equal("A", action.Name);
        Assert.Null(outcome.FinalStatus);
    }

    [Fact]
    public void Execute_ReplayWithCompletions_CompletesWithoutNewActions()
    {
        var recorded = Started().Concat([Scheduled(0, "A"), Completed(0, "2"), Scheduled(1, "B")]).ToArray();

        var outcome = Run(TwoSteps, recorded, [Episode(), Completed(1, "5")]);

        Assert.Empty(outcome.Actions);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.FinalStatus);
        Assert.Equal("7", outcome.Output);
    }

    [Fact]
    public void Execute_HistoryRecordsTimerWhereCodeCallsActivity_FailsNonDeterministic()
    {
        var recorded = Started().Concat([new HistoryEvent(HistoryEventKind.TimerCreated) { TaskId = 0, Name = "timer", FireAt = T0 }]).ToArray();

        var outcome = Run(TwoSteps, recorded, [Episode()]);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, outcome.FinalStatus);
        Assert.Equal(OrchestrationExecutor.NonDeterminismErrorType, outcome.Failure?.ErrorType);
    }

    [Fact]
    public void Execute_CodeCatchesNonDeterminism_InstanceStillFails()
    {
        var swallowing = Orchestrator(async (context, _) =>
        {
            try
            {
                return await context.CallActivityAsync<int>("Other", 1);
            }
            catch (InvalidOperationException)
            {
                return -1;
            }
        });
        var recorded = Started().Concat([Scheduled(0, "A")]).ToArray();

        var outcome = Run(swallowing, recorded, [Episode(), Completed(0, "1")]);

        Assert.Equal(OrchestrationExecutor.NonDeterminismErrorType, outcome.Failure?.ErrorType);
    }

    [Fact]
    public void Execute_TimerFired_AdvancesCurrentUtcDateTimeToEpisodeStart()
    {
        var timer = Orchestrator(async (context, _) =>
        {
            await context.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
            return (int)(context.CurrentUtcDateTime - T0.UtcDateTime).TotalMinutes;
        });
        var recorded = Started().Concat([new HistoryEvent(HistoryEventKind.TimerCreated) { TaskId = 0, Name = "timer", FireAt = T0.AddHours(1) }]).ToArray();

        var outcome = Run(timer, recorded, [new HistoryEvent(HistoryEventKind.OrchestratorStarted) { Timestamp = T0.AddMinutes(61) }, new HistoryEvent(HistoryEventKind.TimerFired) { TaskId = 0 }]);

        Assert.Equal("61", outcome.Output);
    }

    [Fact]
    public void Execute_EventsWhileSuspended_HeldUntilResumed()
    {
        var waiter = Orchestrator(async (context, _) => await context.WaitForExternalEvent<int>("go"));
        var suspendedEpisode = new[] { Episode(), new HistoryEvent(HistoryEventKind.ExecutionSuspended), Raised("go", "3") };

        var whileSuspended = Run(waiter, Started(), suspendedEpisode);
        var afterResume = Run(waiter, [.. Started(), .. suspendedEpisode], [Episode(), new HistoryEvent(HistoryEventKind.ExecutionResumed)]);

        Assert.True(whileSuspended.IsSuspended);
        Assert.Null(whileSuspended.FinalStatus);
        Assert.Equal("3", afterResume.Output);
    }

    private static ExecutionOutcome Run(ITaskOrchestrator orchestrator, IReadOnlyList<HistoryEvent> recorded, IReadOnlyList<HistoryEvent> newEvents) =>
        OrchestrationExecutor.Execute(orchestrator, "i1", "e1", recorded, newEvents, NullLoggerFactory.Instance);

    private static HistoryEvent[] Started() =>
        [Episode(), new HistoryEvent(HistoryEventKind.ExecutionStarted) { Name = "Test", Payload = "0", Timestamp = T0 }];

    private static HistoryEvent Episode() => new(HistoryEventKind.OrchestratorStarted) { Timestamp = T0 };

    private static HistoryEvent Scheduled(int id, string name) => new(HistoryEventKind.TaskScheduled) { TaskId = id, Name = name };

    private static HistoryEvent Completed(int id, string payload) => new(HistoryEventKind.TaskCompleted) { TaskId = id, Payload = payload };

    private static HistoryEvent Raised(string name, string payload) => new(HistoryEventKind.EventRaised) { Name = name, Payload = payload };

    private static ITaskOrchestrator Orchestrator(Func<TaskOrchestrationContext, int, Task<int>> body)
    {
        var registry = new DurableTaskRegistry().AddOrchestratorFunc("Test", body);
        return registry.CreateOrchestrator("Test", EmptyServices.Instance)!;
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static EmptyServices Instance { get; } = new();

        public object? GetService(Type serviceType) => null;
    }
}
