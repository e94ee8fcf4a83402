using EnvOrchestrator.TaskHub.Tests.Support;
using EnvOrchestrator.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace EnvOrchestrator.TaskHub.Tests;

/// <summary>Purge deletes finished instances only: the provider itself deletes a running one.</summary>
public sealed class PurgeTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task PurgeInstance_Running_ThrowsAndKeepsIt_Completed_DeletesIt()
    {
        using var logs = new XunitLoggerProvider(output);
        using var host = HubHost.Build(logs, azurite.ConnectionString, AzuriteFixture.UniqueName("purge"), tasks: Tasks);
        await host.StartAsync();
        var client = host.Client();
        var id = await client.ScheduleNewOrchestrationInstanceAsync("WaitForFinish");
        await client.WaitForInstanceStartAsync(id);

        var refused = await Record.ExceptionAsync(() => client.PurgeInstanceAsync(id));
        var stillRunning = await client.GetInstanceAsync(id);
        await client.RaiseEventAsync(id, "Finish");
        await client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));
        var purged = await client.PurgeInstanceAsync(id);
        var gone = await client.GetInstanceAsync(id);
        var again = await client.PurgeInstanceAsync(id);

        Assert.IsType<InvalidOperationException>(refused);
        Assert.Equal(OrchestrationRuntimeStatus.Running, stillRunning!.RuntimeStatus);
        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(gone);
        Assert.Equal(0, again.PurgedInstanceCount);
        await host.StopAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task PurgeAllInstances_RunningStatusesAsked_DeletesOnlyFinishedOnes()
    {
        using var logs = new XunitLoggerProvider(output);
        using var host = HubHost.Build(logs, azurite.ConnectionString, AzuriteFixture.UniqueName("purge"), tasks: Tasks);
        await host.StartAsync();
        var client = host.Client();
        var running = await client.ScheduleNewOrchestrationInstanceAsync("WaitForFinish");
        var finished = await client.ScheduleNewOrchestrationInstanceAsync("WaitForFinish");
        await client.WaitForInstanceStartAsync(running);

        // An event that reaches an instance before its start was processed is discarded by the provider.
        await client.WaitForInstanceStartAsync(finished);
        await client.RaiseEventAsync(finished, "Finish");
        await client.WaitForCompletionAsync(finished, TimeSpan.FromSeconds(30));

        var onlyRunning = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(Statuses: [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending]));
        var all = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedFrom: DateTimeOffset.UtcNow.AddHours(-1)));

        Assert.Equal(0, onlyRunning.PurgedInstanceCount);
        Assert.Equal(1, all.PurgedInstanceCount);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await client.GetInstanceAsync(running))!.RuntimeStatus);
        Assert.Null(await client.GetInstanceAsync(finished));
        await host.StopAsync();
    }

    private static void Tasks(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<string?, string>("WaitForFinish", async (context, _) =>
        {
            await context.WaitForExternalEvent<object?>("Finish");
            return "finished";
        });
}
