using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Functions.Functions;
using EnvOrchestrator.Functions.Tests.Support;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Service;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace EnvOrchestrator.Functions.Tests.Functions;

/// <summary>The sweep on the host's timer: it starts an expired environment's destroy on the client the host bound.</summary>
public sealed class EnvironmentSweepFunctionTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact(Timeout = 120_000)]
    public async Task Run_ExpiredEnvironment_StartsItsDestroyThroughTheHostsClient()
    {
        await using var functions = await FunctionsAppHost.StartAsync(ServiceSettings.Create(azurite.ConnectionString), output);
        var environments = functions.Services.GetRequiredService<IEnvironmentStore>();
        var id = EnvironmentId.Parse("team-a", "overdue");
        Assert.True((await environments.CreateAsync(ExpiredReadyEnvironment(id), CancellationToken.None)).Succeeded);
        var client = new RecordingDurableTaskClient();

        await EnvironmentSweepFunction.Run(new TimerInfo(), client, functions.Invocation(EnvironmentSweepFunction.Name));

        var runs = await functions.Services.GetRequiredService<IRunStore>().ListAsync(id, 10, null, CancellationToken.None);
        var destroy = Assert.Single(runs.Items);
        Assert.Equal((RunKind.Destroy, "system:expiry-sweep"), (destroy.Kind, destroy.RequestedBy));
        var started = Assert.Single(client.Started, s => s.Name.Name == "DestroyOrchestrator");
        Assert.Contains(destroy.Id.ToString(), started.InstanceId, StringComparison.Ordinal);
        Assert.Equal(EnvironmentStatus.Destroying, (await environments.FindAsync(id, CancellationToken.None))!.Status);

        // Under the host the timer is the only sweep: no instance runs the in-process loop.
        Assert.False(functions.Services.GetRequiredService<IOptions<EnvironmentLifecycleOptions>>().Value.SweepInProcess);
    }

    /// <summary>A deployed environment whose lifetime ended an hour ago and whose expiry timer never fired.</summary>
    private static EnvironmentRecord ExpiredReadyEnvironment(EnvironmentId id)
    {
        var created = DateTimeOffset.UtcNow.AddHours(-2);
        Assert.True(TemplateReference.TryParse("cache-only@1.0.0", out var template));
        var environment = EnvironmentRecord.Create(
            id, template, new SemVersion(1, 0, 0), ImmutableSortedDictionary<string, Value>.Empty, [], "alice", created, created.AddHours(1));
        foreach (var status in new[] { EnvironmentStatus.Queued, EnvironmentStatus.Deploying, EnvironmentStatus.Ready })
        {
            environment = environment.TransitionTo(status, created).Value!;
        }

        return environment;
    }
}
