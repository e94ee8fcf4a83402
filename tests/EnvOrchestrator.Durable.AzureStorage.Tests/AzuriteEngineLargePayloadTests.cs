using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EnvOrchestrator.Durable.AzureStorage.Tests;

/// <summary>
/// Values beyond Azure's row and message limits, end to end through the engine's public API and DI registration:
/// they must travel through the payload container (history, state, work items, results) and come back intact.
/// </summary>
[Collection(AzuriteEngineBackends.Collection)]
public sealed class AzuriteEngineLargePayloadTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Orchestration_OneMegabyteInputAndOutput_RoundTripsThroughBlobs()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(new XunitLoggerProvider(output)).SetMinimumLevel(LogLevel.Information));
        services.AddAzureStorageOrchestrationBackend(o =>
        {
            o.TaskHub = AzuriteFixture.UniqueName("big");
            o.ConnectionString = azurite.ConnectionString;
        });
        services.AddDurableTaskWorker(b => b
            .AddTasks(r => r
                .AddActivityFunc("Reverse", static (TaskActivityContext _, string s) => new string(s.Reverse().ToArray()))
                .AddOrchestratorFunc<string, string>("ReverseTwice", static async (context, input) =>
                {
                    var once = await context.CallActivityAsync<string>("Reverse", input);
                    context.SetCustomStatus(once.Length);
                    return await context.CallActivityAsync<string>("Reverse", once) + "!";
                }))
            .Configure(o => o.MaxPollDelay = TimeSpan.FromMilliseconds(100)));
        services.AddDurableTaskClient();
        await using var provider = services.BuildServiceProvider();
        var backend = (AzureStorageOrchestrationBackend)provider.GetRequiredService<IOrchestrationBackend>();
        await backend.CreateIfNotExistsAsync(CancellationToken.None);
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        var client = provider.GetRequiredService<DurableTaskClient>();
        var input = string.Create(1_000_000, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i * 31 % 26));
            }
        });

        try
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync("ReverseTwice", input);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
            var result = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

            Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
            Assert.Equal(input + "!", result.ReadOutputAs<string>());
            Assert.Equal(input, result.ReadInputAs<string>());
            Assert.Equal(1_000_000, result.ReadCustomStatusAs<int>());
            Assert.True(backend.RequestCounter.Blobs.Count >= 6, $"expected blob traffic, saw {backend.RequestCounter.Blobs.Count} requests");
        }
        finally
        {
            foreach (var service in hosted)
            {
                await service.StopAsync(CancellationToken.None);
            }

            await backend.DeleteTaskHubAsync(CancellationToken.None);
        }
    }
}
