using System.Collections.Immutable;
using System.Text.Json;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Functions.Functions;
using EnvOrchestrator.Functions.Tests.Support;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Service;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace EnvOrchestrator.Functions.Tests.Functions;

/// <summary>An activity function runs the lifecycle's own activity class on the JSON input the host delivers.</summary>
public sealed class LifecycleActivityFunctionsTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact(Timeout = 120_000)]
    public async Task ReadExpiry_JsonInputOfAStoredEnvironment_ReturnsWhatTheActivityClassReads()
    {
        await using var functions = await FunctionsAppHost.StartAsync(ServiceSettings.Create(azurite.ConnectionString), output);
        var id = EnvironmentId.Parse("team-a", "reader");
        var expires = DateTimeOffset.UtcNow.AddHours(3);
        Assert.True(TemplateReference.TryParse("cache-only@1.0.0", out var template));
        var environment = EnvironmentRecord.Create(id, template, new SemVersion(1, 0, 0), ImmutableSortedDictionary<string, Value>.Empty, [], "alice", DateTimeOffset.UtcNow, expires);
        Assert.True((await functions.Services.GetRequiredService<IEnvironmentStore>().CreateAsync(environment, CancellationToken.None)).Succeeded);
        using var input = Delivered(functions, new LifetimeInput("team-a", "reader", []));

        var result = await LifecycleActivityFunctions.ReadExpiry(
            input.RootElement, new RecordingDurableTaskClient(), functions.Invocation("ReadExpiryActivity", new Dictionary<string, object?> { ["instanceId"] = "lifetime-team-a-reader" }));

        var info = Assert.IsType<ExpiryInfo>(result);
        Assert.True(info.Active);
        Assert.Equal(expires.ToUnixTimeMilliseconds(), info.ExpiresAt!.Value.ToUnixTimeMilliseconds());
    }

    [Fact(Timeout = 120_000)]
    public async Task ReadExpiry_UnknownEnvironment_InactiveAsTheSelfHostedActivitySays()
    {
        await using var functions = await FunctionsAppHost.StartAsync(ServiceSettings.Create(azurite.ConnectionString), output);
        using var input = Delivered(functions, new LifetimeInput("team-a", "gone", []));

        var result = await LifecycleActivityFunctions.ReadExpiry(input.RootElement, new RecordingDurableTaskClient(), functions.Invocation("ReadExpiryActivity"));

        var info = Assert.IsType<ExpiryInfo>(result);
        Assert.Equal((false, (DateTimeOffset?)null), (info.Active, info.ExpiresAt));
    }

    /// <summary>The input as the host delivers it: what the orchestrator passed, written by the worker's data converter.</summary>
    private static JsonDocument Delivered(FunctionsAppHost functions, object input) =>
        JsonDocument.Parse(functions.Services.GetRequiredService<IOptionsMonitor<DurableTaskWorkerOptions>>().Get(Options.DefaultName).DataConverter.Serialize(input)!);
}
