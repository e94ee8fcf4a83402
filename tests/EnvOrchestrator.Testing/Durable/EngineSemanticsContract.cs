using EnvOrchestrator.Durable;
using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.History;
using EnvOrchestrator.Durable.Replay;
using EnvOrchestrator.Durable.Worker;
using Xunit;
using Xunit.Abstractions;

namespace EnvOrchestrator.Testing.Durable;

/// <summary>
/// Durable Task semantics of the engine, one test each, over any <see cref="IOrchestrationBackend"/>.
/// Derive it and return a fresh, empty task hub from <see cref="CreateBackendAsync"/>.
/// </summary>
public abstract class EngineSemanticsContract(ITestOutputHelper output)
{
    private const int Timeout = 60_000;

    protected abstract Task<IOrchestrationBackend> CreateBackendAsync();

    [Fact(Timeout = Timeout)]
    public async Task CallActivity_Chain_ReturnsAccumulatedResult()
    {
        await using var h = await StartAsync();

        var result = await h.RunAsync("Chain", 6);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(7, result.ReadOutputAs<int>());
        await h.AssertHistoryConsistentAsync(result.InstanceId);
    }

    [Fact(Timeout = Timeout)]
    public async Task CallActivity_FanOutFanIn_SumsAllResults()
    {
        await using var h = await StartAsync();

        var result = await h.RunAsync("FanOut", 120);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(120 * 121, result.ReadOutputAs<int>());
        await h.AssertHistoryConsistentAsync(result.InstanceId);
    }

    [Fact(Timeout = Timeout)]
    public async Task AddOrchestrator_ClassBasedTasks_RunAndReportReplayState()
    {
        await using var h = await StartAsync();

        var result = await h.RunAsync(nameof(GreetOrchestrator), "world");

        Assert.Equal("hello world", result.ReadOutputAs<string>());
        Assert.Equal([false, true, false], TestTasks.ReplayFlags[result.InstanceId]);
    }

    [Fact(Timeout = Timeout)]
    public async Task WaitForInstanceStart_NewInstance_ReturnsOnceRunning()
    {
        await using var h = await StartAsync();
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("WaitEvent", "go");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var started = await h.Client.WaitForInstanceStartAsync(id, getInputsAndOutputs: true, cts.Token);

        Assert.NotEqual(OrchestrationRuntimeStatus.Pending, started.RuntimeStatus);
        Assert.Equal("go", started.ReadInputAs<string>());
    }

    [Fact(Timeout = Timeout)]
    public async Task CallSubOrchestrator_InstanceIdAlreadyRunning_ParentGetsTaskFailed()
    {
        await using var h = await StartAsync();
        var existing = await h.Client.ScheduleNewOrchestrationInstanceAsync("WaitEvent", "go", new StartOrchestrationOptions("busy-child"));
        await h.WaitForCustomStatusAsync(existing, "waiting");

        var result = await h.RunAsync("ParentOfExisting", existing);

        Assert.Equal("caught InstanceAlreadyExists", result.ReadOutputAs<string>());
    }

    [Fact(Timeout = Timeout)]
    public async Task CallActivity_RunsLongerThanVisibilityTimeout_LeaseRenewedAndRunsOnce()
    {
        // Renewals come every third of the lease, so a renewal may be late by two thirds of it before the work item
        // shows again and runs twice. The harness's 1.5 s lease left one second for a timer and a storage call on a
        // loaded box; 4.5 s leaves three.
        var lease = TimeSpan.FromSeconds(4.5);
        await using var h = await StartAsync(o => o.WorkItemVisibilityTimeout = lease);
        var longerThanLease = (int)(lease.TotalMilliseconds * 2);

        var result = await h.RunAsync("CallSlowCounted", longerThanLease);

        Assert.Equal(longerThanLease, result.ReadOutputAs<int>());
        var runs = TestTasks.Executions.Where(p => p.Key.StartsWith(result.InstanceId + ":", StringComparison.Ordinal)).ToArray();
        Assert.Equal(1, Assert.Single(runs).Value);
    }

    [Fact(Timeout = Timeout)]
    public async Task CallActivity_ActivityThrows_OrchestrationCatchesTaskFailedException()
    {
        await using var h = await StartAsync();

        var result = await h.RunAsync("CatchFailure", "Fail");

        Assert.Equal("System.InvalidOperationException|boom", result.ReadOutputAs<string>());
    }

    [Fact(Timeout = Timeout)]
    public async Task CallActivity_FailureNotCaught_InstanceFailsWithDetails()
    {
        await using var h = await StartAsync();

        var result = await h.RunAsync("Uncaught", "x");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.NotNull(result.FailureDetails);
        Assert.Equal(typeof(TaskFailedException).FullName, result.FailureDetails.ErrorType);
        Assert.Equal("System.InvalidOperationException", result.FailureDetails.InnerFailure?.ErrorType);
    }

    [Fact(Timeout = Timeout)]
    public async Task CallActivity_RetryPolicy_RetriesAsNewTasksSeparatedByTimers()
    {
        await using var h = await StartAsync();

        var result = await h.RunAsync("Retry", Guid.NewGuid().ToString("N"));

        Assert.Equal("ok after 3", result.ReadOutputAs<string>());
        var history = await h.ReadHistoryAsync(result.InstanceId);
        Assert.Equal(3, history.Count(e => e.Kind == HistoryEventKind.TaskScheduled));
        Assert.Equal(2, history.Count(e => e.Kind == HistoryEventKind.TimerCreated));
        Assert.Equal(2, history.Count(e => e.Kind == HistoryEventKind.TaskFailed));
    }

    [Fact(Timeout = Timeout)]
    public async Task CallActivity_UnknownActivity_FailsTaskWithActivityNotFound()
    {
        await using var h = await StartAsync();

        var result = await h.RunAsync("CallsMissingActivity", null);

        Assert.Equal("ActivityNotFound", result.ReadOutputAs<string>());
    }

    [Fact(Timeout = Timeout)]
    public async Task Schedule_UnknownOrchestrator_InstanceFailsWithOrchestratorNotFound()
    {
        await using var h = await StartAsync();

        var result = await h.RunAsync("NoSuchOrchestrator", null);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("OrchestratorNotFound", result.FailureDetails?.ErrorType);
    }

    [Fact(Timeout = Timeout)]
    public async Task Replay_CodeSchedulesDifferentTask_FailsAsNonDeterministic()
    {
        await using var h = await StartAsync();

        var result = await h.RunAsync("Unstable", null);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(OrchestrationExecutor.NonDeterminismErrorType, result.FailureDetails?.ErrorType);
    }

    [Fact(Timeout = Timeout)]
    public async Task NewGuid_AcrossReplays_IsDeterministic()
    {
        await using var h = await StartAsync();

        var result = await h.RunAsync("Guids", null);

        var firstGuids = TestTasks.Guids[result.InstanceId];
        Assert.True(firstGuids.Count >= 2);
        Assert.Single(firstGuids.Distinct());
        Assert.NotEqual(firstGuids[0].ToString(), result.ReadOutputAs<string>());
    }

    [Fact(Timeout = Timeout)]
    public async Task CreateTimer_ShortDelay_FiresAfterDueTime()
    {
        await using var h = await StartAsync();

        var result = await h.RunAsync("Timer", 300);

        Assert.Equal("elapsed", result.ReadOutputAs<string>());
        Assert.True(result.LastUpdatedAt - result.CreatedAt >= TimeSpan.FromMilliseconds(300));
    }

    [Fact(Timeout = Timeout)]
    public async Task WaitForExternalEvent_RaisedAfterWait_DeliversPayloadCaseInsensitively()
    {
        await using var h = await StartAsync();
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("WaitEvent", "Approval");
        await h.WaitForCustomStatusAsync(id, "waiting");

        await h.Client.RaiseEventAsync(id, "APPROVAL", 42);
        var result = await h.WaitAsync(id);

        Assert.Equal(42, result.ReadOutputAs<int>());
    }

    [Fact(Timeout = Timeout)]
    public async Task WaitForExternalEvent_RaisedBeforeWait_IsBuffered()
    {
        await using var h = await StartAsync();
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("DoubleThenEvent", 5, new StartOrchestrationOptions(StartAt: DateTimeOffset.UtcNow.AddMilliseconds(300)));

        await h.Client.RaiseEventAsync(id, "go", 1);
        var result = await h.WaitAsync(id);

        Assert.Equal(11, result.ReadOutputAs<int>());
    }

    [Fact(Timeout = Timeout)]
    public async Task WaitForExternalEvent_TimeoutElapses_ThrowsTaskCanceled()
    {
        await using var h = await StartAsync();

        var result = await h.RunAsync("WaitEventWithTimeout", 200);

        Assert.Equal("timeout", result.ReadOutputAs<string>());
    }

    [Fact(Timeout = Timeout)]
    public async Task WaitForExternalEvent_EventBeforeTimeout_WinsAndCancelsTimer()
    {
        await using var h = await StartAsync();
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("WaitEventWithTimeout", 60_000);
        await h.WaitForCustomStatusAsync(id, "waiting");

        await h.Client.RaiseEventAsync(id, "approval", 5);
        var result = await h.WaitAsync(id, TimeSpan.FromSeconds(10));

        Assert.Equal("event 5", result.ReadOutputAs<string>());
    }

    [Fact(Timeout = Timeout)]
    public async Task SendEvent_ToAnotherInstance_IsDelivered()
    {
        await using var h = await StartAsync();
        var waiter = await h.Client.ScheduleNewOrchestrationInstanceAsync("WaitEvent", "go");

        await h.RunAsync("Pinger", waiter);
        var result = await h.WaitAsync(waiter);

        Assert.Equal(7, result.ReadOutputAs<int>());
    }

    [Fact(Timeout = Timeout)]
    public async Task CallSubOrchestrator_ChildCompletes_ReturnsItsOutput()
    {
        await using var h = await StartAsync();

        var result = await h.RunAsync("Parent", 4);

        Assert.Equal(21, result.ReadOutputAs<int>());
        var child = await h.Client.GetInstanceAsync(result.InstanceId + ":0");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child?.RuntimeStatus);
    }

    [Fact(Timeout = Timeout)]
    public async Task CallSubOrchestrator_ChildFails_ParentCatchesTaskFailedException()
    {
        await using var h = await StartAsync();

        var result = await h.RunAsync("ParentOfFailure", null);

        Assert.Equal("caught " + typeof(TaskFailedException).FullName, result.ReadOutputAs<string>());
    }

    [Fact(Timeout = Timeout)]
    public async Task ContinueAsNew_CarriesUnprocessedEvents_ToLaterExecution()
    {
        await using var h = await StartAsync();
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Counter", 0);

        await h.Client.RaiseEventAsync(id, "go", 39);
        var result = await h.WaitAsync(id);

        Assert.Equal(42, result.ReadOutputAs<int>());
        Assert.Equal(3, result.ReadInputAs<int>());
    }

    [Fact(Timeout = Timeout)]
    public async Task TerminateInstance_Running_EndsTerminatedAndIgnoresLaterEvents()
    {
        await using var h = await StartAsync();
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("WaitEvent", "never");
        await h.WaitForCustomStatusAsync(id, "waiting");

        await h.Client.TerminateInstanceAsync(id, "stopped by test");
        var result = await h.WaitAsync(id);
        var ignoredBefore = h.IgnoredEvents;
        await h.Client.RaiseEventAsync(id, "never", 1);
        await h.WaitForIgnoredEventsAsync(ignoredBefore);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("stopped by test", result.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await h.Client.GetInstanceAsync(id))?.RuntimeStatus);
    }

    [Fact(Timeout = Timeout)]
    public async Task TerminateInstance_ActivityStillRunning_DropsLateResult()
    {
        // The activity runs until the test lets it go, after the termination: its result is late by construction.
        await using var h = await StartAsync();
        var key = Guid.NewGuid().ToString("N");
        var gate = TestTasks.Gates.GetOrAdd(key, _ => new ActivityGate());
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("CallGated", key);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await h.Client.TerminateInstanceAsync(id);
        var result = await h.WaitAsync(id);
        var ignoredBefore = h.IgnoredEvents;
        gate.Release.TrySetResult();
        await h.WaitForIgnoredEventsAsync(ignoredBefore);
        await h.AssertQueuesDrainAsync();

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        var history = await h.ReadHistoryAsync(id);
        Assert.DoesNotContain(history, e => e.Kind is HistoryEventKind.TaskCompleted or HistoryEventKind.TaskFailed);
    }

    [Fact(Timeout = Timeout)]
    public async Task SuspendInstance_EventWhileSuspended_DeliveredOnlyAfterResume()
    {
        await using var h = await StartAsync();
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("WaitEvent", "go");
        await h.WaitForCustomStatusAsync(id, "waiting");

        await h.Client.SuspendInstanceAsync(id, "maintenance");
        await WaitForStatusAsync(h, id, OrchestrationRuntimeStatus.Suspended);
        await h.Client.RaiseEventAsync(id, "go", 3);
        await h.WaitForHistoryEventAsync(id, HistoryEventKind.EventRaised);
        var whileSuspended = await h.Client.GetInstanceAsync(id);
        await h.Client.ResumeInstanceAsync(id);
        var result = await h.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, whileSuspended?.RuntimeStatus);
        Assert.Equal(3, result.ReadOutputAs<int>());
    }

    [Fact(Timeout = Timeout)]
    public async Task Schedule_StartAt_StaysPendingUntilDue()
    {
        await using var h = await StartAsync();
        var startAt = DateTimeOffset.UtcNow.AddSeconds(3);

        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Chain", 1, new StartOrchestrationOptions(StartAt: startAt));
        var pending = await h.Client.GetInstanceAsync(id);
        var readBefore = DateTimeOffset.UtcNow;
        var result = await h.WaitAsync(id);
        var firstEpisode = (await h.ReadHistoryAsync(id)).First(e => e.Kind == HistoryEventKind.OrchestratorStarted);

        // The first episode's time is when the engine started the instance: never before it was due, however slow the box.
        Assert.True(firstEpisode.Timestamp >= startAt, $"started at {firstEpisode.Timestamp:O}, due {startAt:O}");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.True(result.LastUpdatedAt >= startAt);

        // Only a read that came back before the due time can show the instance waiting; a loaded box may answer later.
        if (readBefore < startAt)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Pending, pending?.RuntimeStatus);
        }
    }

    [Fact(Timeout = Timeout)]
    public async Task PurgeInstance_RunningThenCompleted_PurgesOnlyTerminal()
    {
        await using var h = await StartAsync();
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("WaitEvent", "go");
        await h.WaitForCustomStatusAsync(id, "waiting");

        var whileRunning = await h.Client.PurgeInstanceAsync(id);
        await h.Client.RaiseEventAsync(id, "go", 1);
        await h.WaitAsync(id);
        var afterCompletion = await h.Client.PurgeInstanceAsync(id);

        Assert.Equal(0, whileRunning.PurgedInstanceCount);
        Assert.Equal(1, afterCompletion.PurgedInstanceCount);
        Assert.Null(await h.Client.GetInstanceAsync(id));
    }

    [Fact(Timeout = Timeout)]
    public async Task PurgeAllInstances_MixedStatuses_RemovesTerminalOnly()
    {
        await using var h = await StartAsync();
        var done = await h.RunAsync("Chain", 1);
        var failed = await h.RunAsync("Uncaught", "x");
        var running = await h.Client.ScheduleNewOrchestrationInstanceAsync("WaitEvent", "go");
        await h.WaitForCustomStatusAsync(running, "waiting");

        var result = await h.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter());

        Assert.Equal(2, result.PurgedInstanceCount);
        Assert.Null(await h.Client.GetInstanceAsync(done.InstanceId));
        Assert.Null(await h.Client.GetInstanceAsync(failed.InstanceId));
        Assert.NotNull(await h.Client.GetInstanceAsync(running));
    }

    [Fact(Timeout = Timeout)]
    public async Task GetAllInstances_SmallPages_ReturnsEveryInstanceOnce()
    {
        await using var h = await StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await h.Client.ScheduleNewOrchestrationInstanceAsync("Chain", 1, new StartOrchestrationOptions("page-" + i)));
        }

        var found = new List<string>();
        await foreach (var instance in h.Client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 2, InstanceIdPrefix = "page-" }))
        {
            found.Add(instance.InstanceId);
        }

        Assert.Equal(ids.Order(), found.Order());
    }

    [Fact(Timeout = Timeout)]
    public async Task Schedule_UnserializableInput_ThrowsArgumentException()
    {
        await using var h = await StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => h.Client.ScheduleNewOrchestrationInstanceAsync("Chain", typeof(string)));
    }

    [Theory(Timeout = Timeout)]
    [InlineData("")]
    [InlineData("has/slash")]
    [InlineData("has space")]
    [InlineData("question?")]
    public async Task Schedule_InvalidInstanceId_ThrowsArgumentException(string instanceId)
    {
        await using var h = await StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            h.Client.ScheduleNewOrchestrationInstanceAsync("Chain", 1, new StartOrchestrationOptions(instanceId)));
    }

    [Fact(Timeout = Timeout)]
    public async Task Schedule_TooLongInstanceId_ThrowsArgumentException()
    {
        await using var h = await StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            h.Client.ScheduleNewOrchestrationInstanceAsync("Chain", 1, new StartOrchestrationOptions(new string('a', InstanceIds.MaxLength + 1))));
    }

    [Fact(Timeout = Timeout)]
    public async Task Schedule_InstanceAlreadyRunning_ThrowsInvalidOperation()
    {
        await using var h = await StartAsync();
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("WaitEvent", "go", new StartOrchestrationOptions("dup-id"));

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            h.Client.ScheduleNewOrchestrationInstanceAsync("WaitEvent", "go", new StartOrchestrationOptions(id)));
    }

    [Fact(Timeout = Timeout)]
    public async Task Schedule_IdOfCompletedInstance_StartsNewExecution()
    {
        await using var h = await StartAsync();
        var first = await h.RunAsync("Chain", 1);

        await h.Client.ScheduleNewOrchestrationInstanceAsync("Chain", 2, new StartOrchestrationOptions(first.InstanceId));
        var second = await h.WaitForInputAsync(first.InstanceId, 2);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, second.RuntimeStatus);
        Assert.Equal(3, second.ReadOutputAs<int>());
    }

    private static async Task WaitForStatusAsync(EngineHarness h, string id, OrchestrationRuntimeStatus status)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await h.Client.GetInstanceAsync(id, cancellationToken: cts.Token))?.RuntimeStatus != status)
        {
            await Task.Delay(20, cts.Token);
        }
    }

    private async Task<EngineHarness> StartAsync(Action<DurableTaskWorkerOptions>? configure = null)
    {
        var h = new EngineHarness(await CreateBackendAsync(), output);
        await h.Backend.CreateIfNotExistsAsync(CancellationToken.None);
        await h.StartWorkerAsync(configure);
        return h;
    }
}
