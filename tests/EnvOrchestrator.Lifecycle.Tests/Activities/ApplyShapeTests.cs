using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Testing.Lifecycle;
using Xunit.Abstractions;

namespace EnvOrchestrator.Lifecycle.Tests.Activities;

/// <summary>Which Terraform commands a resource's apply runs, read back from its step log (ADR 0006).</summary>
public sealed class ApplyShapeTests(ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task Deploy_NoPlanRuleApplies_EachResourceOneApplyProcessAndInitOncePerModule()
    {
        await using var host = await LifecycleHost.StartAsync(output, withPolicies: false);
        var id = EnvironmentId.Parse("team-b", "fast");

        var created = await host.Service.CreateAsync(new CreateEnvironmentCommand("team-b", "fast", "flaky-chain", TestInputs.Of(), null, "bob"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        var ready = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        Assert.StartsWith("fast-tail#", Assert.IsType<StringValue>(ready.Outputs["tail_id"]).Value, StringComparison.Ordinal);
        var commands = await CommandsByResourceAsync(host, id, created.Value.Run.Id);
        Assert.Equal(["left", "right", "root", "tail"], commands.Keys.Order(StringComparer.Ordinal));
        Assert.All(commands.Values, c => Assert.Equal("apply", c[^1]));
        Assert.All(commands.Values, c => Assert.DoesNotContain(c, command => command is "plan" or "show" or "output"));

        // root runs alone first and inits the module; everything after it reuses that init.
        Assert.Equal(["init", "apply"], commands["root"]);
        Assert.All(["left", "right", "tail"], r => Assert.Equal(["apply"], commands[r]));
    }

    [Fact(Timeout = 120_000)]
    public async Task Deploy_MandatoryPlanRuleApplies_PlanShownBeforeApply()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("team-b", "checked");

        var created = await host.Service.CreateAsync(new CreateEnvironmentCommand("team-b", "checked", "flaky-chain", TestInputs.Of(), null, "bob"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        var ready = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        var commands = await CommandsByResourceAsync(host, id, created.Value.Run.Id);
        Assert.Equal(4, commands.Count);
        Assert.All(commands.Values, c => Assert.Equal(["plan", "show", "apply"], c.Where(command => command != "init")));
    }

    private static async Task<Dictionary<string, List<string>>> CommandsByResourceAsync(LifecycleHost host, EnvironmentId id, string runId)
    {
        var run = await host.Runs.FindAsync(id, RunId.Parse(runId), CancellationToken.None);
        var commands = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < run!.Steps.Length; i++)
        {
            var chunk = await host.Logs.ReadAsync(run.LogOf(i), 0, CancellationToken.None);
            // Lines are "HH:mm:ss.fff $ terraform {command} (pid N)".
            commands[run.Steps[i].Resource] = chunk.Lines
                .Select(l => l.Split(' '))
                .Where(words => words.Length > 3 && words[1] == "$" && words[2] == "terraform")
                .Select(words => words[3])
                .ToList();
        }

        return commands;
    }
}
