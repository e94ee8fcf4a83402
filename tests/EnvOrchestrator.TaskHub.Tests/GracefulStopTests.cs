using System.Diagnostics;
using System.Text.Json;
using EnvOrchestrator.TaskHub.Tests.Support;
using EnvOrchestrator.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace EnvOrchestrator.TaskHub.Tests;

/// <summary>
/// An activity cut short because its host is stopping is not a failure of the activity: its work item goes back to
/// the queue and the next host runs it again.
/// </summary>
public sealed class GracefulStopTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int TaskFailed = 6;

    [Fact(Timeout = 60_000)]
    public async Task StopHost_ActivityCancelledByStopping_RunsAgainOnNextHostWithoutFailure()
    {
        using var logs = new XunitLoggerProvider(output);
        var hub = AzuriteFixture.UniqueName("stop");
        var first = new ProvisionGate("first", block: true);
        var second = new ProvisionGate("second", block: false);
        using var firstHost = Build(logs, hub, first);
        await firstHost.StartAsync();
        var client = firstHost.Client();
        var id = await client.ScheduleNewOrchestrationInstanceAsync("Provisioning");
        await first.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var stopping = Stopwatch.StartNew();
        await firstHost.StopAsync();
        output.WriteLine($"the first host stopped in {stopping.Elapsed}");
        var betweenHosts = await client.GetInstanceAsync(id);
        using var secondHost = Build(logs, hub, second);
        await secondHost.StartAsync();
        var done = await secondHost.Client().WaitForCompletionAsync(id, TimeSpan.FromSeconds(40));
        var history = await secondHost.Services.GetRequiredService<TaskHubRuntime>().Service.GetOrchestrationHistoryAsync(id, executionId: null);

        Assert.Equal(OrchestrationRuntimeStatus.Running, betweenHosts!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("provisioned by second", done.ReadOutputAs<string>());
        Assert.Equal(1, first.Runs);
        Assert.Equal(1, second.Runs);
        Assert.Equal(0, CountEvents(history, TaskFailed));
        await secondHost.StopAsync();
    }

    private IHost Build(XunitLoggerProvider logs, string hub, ProvisionGate gate) => HubHost.Build(
        logs,
        azurite.ConnectionString,
        hub,
        tasks: r => r
            .AddOrchestratorFunc<string?, string>("Provisioning", (context, _) => context.CallActivityAsync<string>(nameof(ProvisionActivity)))
            .AddActivity<ProvisionActivity>(),
        services: s => s.AddSingleton(gate));

    private static int CountEvents(string history, int eventType)
    {
        using var events = JsonDocument.Parse(history);
        return events.RootElement.EnumerateArray().Count(e => e.GetProperty("EventType").GetInt32() == eventType);
    }

    internal sealed class ProvisionGate(string host, bool block)
    {
        private int _runs;

        public string Host => host;

        public bool Block => block;

        public int Runs => _runs;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Ran() => Interlocked.Increment(ref _runs);
    }

    /// <summary>Stands for a long step (a Terraform apply) that stops when the service does.</summary>
    internal sealed class ProvisionActivity(ProvisionGate gate, IHostApplicationLifetime lifetime) : TaskActivity<string?, string>
    {
        public override async Task<string> RunAsync(TaskActivityContext context, string? input)
        {
            gate.Ran();
            gate.Started.TrySetResult();
            if (gate.Block)
            {
                await Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping);
            }

            return "provisioned by " + gate.Host;
        }
    }
}
