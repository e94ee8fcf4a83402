using System.Collections.Concurrent;
using DurableTask.Core.Exceptions;
using EnvOrchestrator.TaskHub.Tests.Support;
using EnvOrchestrator.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace EnvOrchestrator.TaskHub.Tests;

/// <summary>One instance id never runs twice when the start says which statuses refuse a new one.</summary>
public sealed class InstanceIdTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private readonly ConcurrentDictionary<string, int> _runs = new();

    [Fact(Timeout = 60_000)]
    public async Task ScheduleNew_SameIdWhileRunningAndAfterCompletion_ThrowsAlreadyExistsAndRunsOnce()
    {
        using var logs = new XunitLoggerProvider(output);
        using var host = HubHost.Build(logs, azurite.ConnectionString, AzuriteFixture.UniqueName("dedupe"), tasks: Tasks);
        await host.StartAsync();
        var client = host.Client();
        var id = "deploy/team-a/web#1";

        await client.ScheduleNewOrchestrationInstanceAsync("Once", "first", Unique(id));
        await Eventually.UntilAsync(() => Task.FromResult(_runs.GetValueOrDefault(id) == 1), TimeSpan.FromSeconds(30), "the first start ran its activity");
        var whileRunning = await Record.ExceptionAsync(() => client.ScheduleNewOrchestrationInstanceAsync("Once", "second", Unique(id)));
        var running = await client.GetInstanceAsync(id);
        await client.RaiseEventAsync(id, "Finish");
        var completed = await client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));
        var afterCompletion = await Record.ExceptionAsync(() => client.ScheduleNewOrchestrationInstanceAsync("Once", "third", Unique(id)));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var final = await client.GetInstanceAsync(id, getInputsAndOutputs: true);

        Assert.IsType<OrchestrationAlreadyExistsException>(whileRunning);
        Assert.Equal(OrchestrationRuntimeStatus.Running, running!.RuntimeStatus);
        Assert.IsType<OrchestrationAlreadyExistsException>(afterCompletion);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        Assert.Equal("first", final!.ReadInputAs<string>());
        Assert.Equal("ran first", final.ReadOutputAs<string>());
        Assert.Equal(completed.LastUpdatedAt, final.LastUpdatedAt);
        Assert.Equal(1, _runs[id]);
        await host.StopAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task ScheduleNew_SameIdConcurrently_OneStartWinsAndRunsOnce()
    {
        using var logs = new XunitLoggerProvider(output);
        using var host = HubHost.Build(logs, azurite.ConnectionString, AzuriteFixture.UniqueName("dedupe"), tasks: Tasks);
        await host.StartAsync();
        var client = host.Client();
        var id = "race-" + Guid.NewGuid().ToString("N");

        var starts = Enumerable.Range(0, 6)
            .Select(i => Record.ExceptionAsync(() => client.ScheduleNewOrchestrationInstanceAsync("Once", $"start {i}", Unique(id))))
            .ToList();
        var outcomes = await Task.WhenAll(starts);
        await Eventually.UntilAsync(() => Task.FromResult(_runs.GetValueOrDefault(id) >= 1), TimeSpan.FromSeconds(30), "the winning start ran its activity");
        await client.RaiseEventAsync(id, "Finish");
        var completed = await client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Single(outcomes, e => e is null);
        Assert.All(outcomes.Where(e => e is not null), e => Assert.IsType<OrchestrationAlreadyExistsException>(e));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        Assert.Equal(1, _runs[id]);
        await host.StopAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task ScheduleNew_AfterPurge_StartsTheIdAfresh()
    {
        using var logs = new XunitLoggerProvider(output);
        using var host = HubHost.Build(logs, azurite.ConnectionString, AzuriteFixture.UniqueName("dedupe"), tasks: Tasks);
        await host.StartAsync();
        var client = host.Client();
        var id = "again-" + Guid.NewGuid().ToString("N");
        await client.ScheduleNewOrchestrationInstanceAsync("Once", "first", Unique(id));
        await Eventually.UntilAsync(() => Task.FromResult(_runs.GetValueOrDefault(id) == 1), TimeSpan.FromSeconds(30), "the first start ran");
        await client.RaiseEventAsync(id, "Finish");
        await client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));

        await client.PurgeInstanceAsync(id);
        await client.ScheduleNewOrchestrationInstanceAsync("Once", "second", Unique(id));
        await Eventually.UntilAsync(() => Task.FromResult(_runs.GetValueOrDefault(id) == 2), TimeSpan.FromSeconds(30), "the second start ran");
        await client.RaiseEventAsync(id, "Finish");
        var second = await client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));

        Assert.Equal("ran second", second.ReadOutputAs<string>());
        await host.StopAsync();
    }

    /// <summary>Every status the SDK accepts refuses a second start: what the product's starts use.</summary>
    private static StartOrchestrationOptions Unique(string id) =>
        new StartOrchestrationOptions(id).WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]);

    private void Tasks(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<string, string>("Once", async (context, input) =>
        {
            await context.CallActivityAsync("Count");
            await context.WaitForExternalEvent<object?>("Finish");
            return "ran " + input;
        })
        .AddActivityFunc("Count", context => _runs.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1));
}
