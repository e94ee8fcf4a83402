using EnvOrchestrator.Durable;
using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.History;
using EnvOrchestrator.Durable.Worker;
using Xunit;
using Xunit.Abstractions;

namespace EnvOrchestrator.Testing.Durable;

/// <summary>
/// A worker dies (no cleanup) at each step of the commit/dispatch and activity protocols; a fresh worker on the
/// same task hub must finish the instance with the right output, one completion per task and nothing left over.
/// </summary>
public abstract class EngineCrashContract(ITestOutputHelper output)
{
    private const int Timeout = 90_000;

    protected abstract Task<IOrchestrationBackend> CreateBackendAsync();

    [Theory(Timeout = Timeout)]
    [InlineData(nameof(ProtocolStep.BeforeCommit))]
    [InlineData(nameof(ProtocolStep.AfterCommit))]
    [InlineData(nameof(ProtocolStep.MidDispatch))]
    [InlineData(nameof(ProtocolStep.BeforeOutboxDelete))]
    [InlineData(nameof(ProtocolStep.BeforeMessageDelete))]
    [InlineData(nameof(ProtocolStep.ActivityAfterRun))]
    [InlineData(nameof(ProtocolStep.ActivityAfterResultSend))]
    public async Task Worker_CrashAtStep_FreshWorkerCompletesExactlyOnce(string step)
    {
        await using var h = new EngineHarness(await CreateBackendAsync(), output);
        await h.Backend.CreateIfNotExistsAsync(CancellationToken.None);
        var crash = new CrashSwitch(Enum.Parse<ProtocolStep>(step));
        var doomed = await h.StartWorkerAsync(o =>
        {
            o.FaultInjector = crash.Hook;
            o.MaxActivitiesPerWorkItem = 1;
        });

        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Mixed", 0);
        await crash.Fired.WaitAsync(TimeSpan.FromSeconds(30));
        await doomed.StopAsync();
        await h.StartWorkerAsync(o => o.MaxActivitiesPerWorkItem = 1);
        var result = await h.WaitAsync(id);
        await h.AssertQueuesDrainAsync();

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(20, result.ReadOutputAs<int>());
        await h.AssertHistoryConsistentAsync(id);
    }

    [Fact(Timeout = Timeout)]
    public async Task Client_CrashBetweenEnqueueAndState_WorkerCreatesAndCompletesInstance()
    {
        await using var h = new EngineHarness(await CreateBackendAsync(), output);
        await h.Backend.CreateIfNotExistsAsync(CancellationToken.None);
        var crash = new CrashSwitch(ProtocolStep.ClientAfterEnqueue);
        var client = h.NewClient(crash.Hook);

        await Assert.ThrowsAsync<SimulatedCrashException>(() =>
            client.ScheduleNewOrchestrationInstanceAsync("Chain", 3, new StartOrchestrationOptions("client-crash")));
        var before = await h.Client.GetInstanceAsync("client-crash");
        await h.StartWorkerAsync();
        var result = await h.WaitAsync("client-crash");

        Assert.Null(before);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(3, result.ReadOutputAs<int>());
        await h.AssertHistoryConsistentAsync("client-crash");
    }

    [Fact(Timeout = Timeout)]
    public async Task Worker_CrashDuringFanIn_EachActivityResultCountedOnce()
    {
        await using var h = new EngineHarness(await CreateBackendAsync(), output);
        await h.Backend.CreateIfNotExistsAsync(CancellationToken.None);
        var crash = new CrashSwitch(ProtocolStep.BeforeMessageDelete);
        var doomed = await h.StartWorkerAsync(o =>
        {
            o.FaultInjector = crash.Hook;
            o.MaxActivitiesPerWorkItem = 5;
        });

        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("FanOut", 40);
        await crash.Fired.WaitAsync(TimeSpan.FromSeconds(30));
        await doomed.StopAsync();
        await h.StartWorkerAsync();
        var result = await h.WaitAsync(id);

        Assert.Equal(40 * 41, result.ReadOutputAs<int>());
        var history = await h.ReadHistoryAsync(id);
        Assert.Equal(40, history.Count(e => e.Kind == HistoryEventKind.TaskCompleted));
        await h.AssertHistoryConsistentAsync(id);
    }
}
