using EnvOrchestrator.TaskHub.Tests.Support;
using EnvOrchestrator.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EnvOrchestrator.TaskHub.Tests;

public sealed class OrchestrationTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Orchestration_ChainFanOutAndEvent_CompletesWithOutputAndCustomStatus()
    {
        using var logs = new XunitLoggerProvider(output);
        using var host = HubHost.Build(logs, azurite.ConnectionString, AzuriteFixture.UniqueName("chain"), tasks: r => r
            .AddOrchestratorFunc<PipelineInput, PipelineOutput>("Pipeline", async (context, input) =>
            {
                var greeting = await context.CallActivityAsync<string>("Greet", input.Name);
                var shouted = await context.CallActivityAsync<string>("Shout", greeting);
                context.SetCustomStatus(new PipelineProgress("waiting", 2));
                var factor = await context.WaitForExternalEvent<int>("Factor");
                var squares = await Task.WhenAll(Enumerable.Range(1, input.FanOut).Select(i => context.CallActivityAsync<int>(nameof(SquareActivity), i)));
                context.SetCustomStatus(new PipelineProgress("done", 2 + input.FanOut));
                return new PipelineOutput(shouted, squares.Sum() * factor);
            })
            .AddActivityFunc<string, string>("Greet", (_, name) => $"hello {name}")
            .AddActivityFunc<string, string>("Shout", (_, text) => text.ToUpperInvariant() + "!")
            .AddActivity<SquareActivity>(),
            services: s => s.AddScoped<ScopeProbe>());
        await host.StartAsync();
        var client = host.Client();

        var id = await client.ScheduleNewOrchestrationInstanceAsync("Pipeline", new PipelineInput("world", 10));
        await Eventually.UntilAsync(
            async () => (await client.GetInstanceAsync(id))?.ReadCustomStatusAs<PipelineProgress>()?.Stage == "waiting",
            TimeSpan.FromSeconds(30),
            "the orchestration reports it waits for the event");
        var waiting = await client.GetInstanceAsync(id, getInputsAndOutputs: true);
        await client.RaiseEventAsync(id, "Factor", 2);
        var done = await client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));

        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting!.RuntimeStatus);
        Assert.Equal(new PipelineInput("world", 10), waiting.ReadInputAs<PipelineInput>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(new PipelineOutput("HELLO WORLD!", 385 * 2), done.ReadOutputAs<PipelineOutput>());
        Assert.Equal(new PipelineProgress("done", 12), done.ReadCustomStatusAs<PipelineProgress>());
        Assert.Equal("Pipeline", done.Name);
        Assert.Null(done.FailureDetails);
        Assert.True(done.LastUpdatedAt >= done.CreatedAt);

        // Each activity execution had a scope of its own, as under the SDK's own workers.
        Assert.Equal(10, ScopeProbe.Distinct(id));
        await host.StopAsync();
    }

    internal sealed record PipelineInput(string Name, int FanOut);

    internal sealed record PipelineOutput(string Greeting, int Sum);

    internal sealed record PipelineProgress(string Stage, int Steps);

    /// <summary>A scoped dependency: records which scope served which activity execution.</summary>
    internal sealed class ScopeProbe
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentBag<Guid>> Scopes = new();

        public Guid Id { get; } = Guid.NewGuid();

        public static int Distinct(string instanceId) => Scopes.TryGetValue(instanceId, out var ids) ? ids.Distinct().Count() : 0;

        public void Record(string instanceId) => Scopes.GetOrAdd(instanceId, _ => []).Add(Id);
    }

    internal sealed class SquareActivity(ScopeProbe probe) : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input)
        {
            probe.Record(context.InstanceId);
            return Task.FromResult(input * input);
        }
    }
}
