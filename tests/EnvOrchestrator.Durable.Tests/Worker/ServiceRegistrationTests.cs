using EnvOrchestrator.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Durable.Tests.Worker;

public sealed class ServiceRegistrationTests
{
    [Fact(Timeout = 20_000)]
    public async Task AddDurableTaskWorker_HostedWorkerAndClient_RunOrchestration()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInMemoryOrchestrationBackend("dihub");
        services.AddDurableTaskClient();
        services.AddDurableTaskWorker(builder => builder
            .AddTasks(r => r
                .AddActivityFunc<int, int>("Increment", (_, x) => x + 1)
                .AddOrchestratorFunc<int, int>("Main", (context, x) => context.CallActivityAsync<int>("Increment", x)))
            .Configure(o => o.MaxPollDelay = TimeSpan.FromMilliseconds(100)));
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToArray();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        var client = provider.GetRequiredService<DurableTaskClient>();
        var id = await client.ScheduleNewOrchestrationInstanceAsync("Main", 41);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
        foreach (var service in hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }

        Assert.Single(hosted);
        Assert.Equal(42, result.ReadOutputAs<int>());
    }

    [Fact]
    public void AddDurableTaskWorker_InvalidOptions_FailValidation()
    {
        var services = new ServiceCollection();
        services.AddInMemoryOrchestrationBackend();
        services.AddDurableTaskWorker(builder => builder.Configure(o => o.ControlQueueBatchSize = 64));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DurableTaskWorkerOptions>>().Value);

        Assert.Contains("ControlQueueBatchSize", error.Message, StringComparison.Ordinal);
    }
}
