using System.Text.Json;
using System.Text.Json.Nodes;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Functions.Durable;
using EnvOrchestrator.Functions.Http;
using EnvOrchestrator.Functions.Tests.Support;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Testing.Service;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Functions.Tests.Composition;

/// <summary>
/// The worker host exactly as Program builds it (isolated worker, ASP.NET Core integration, Durable extension, the
/// application), built but not started — starting needs the Functions host's gRPC channel.
/// </summary>
public sealed class WorkerHostTests : IDisposable
{
    private readonly IHost _host = FunctionsApp.CreateBuilder(Arguments()).Build();

    [Fact]
    public void Build_AsProgramDoes_FunctionsFindTheirServicesAndTheLifecycleTheHostsClient()
    {
        var services = _host.Services;

        Assert.NotNull(services.GetRequiredService<LifecycleTaskDispatcher>());
        Assert.NotNull(services.GetRequiredService<ApplicationPipeline>());
        Assert.NotNull(services.GetRequiredService<IEnvironmentSweeper>());
        Assert.IsType<HostBoundDurableTaskClient>(services.GetRequiredService<DurableTaskClient>());
        Assert.False(services.GetRequiredService<IOptions<EnvironmentLifecycleOptions>>().Value.SweepInProcess);

        // The in-process task hub is not there: the host's Durable extension runs it.
        Assert.DoesNotContain(services.GetServices<IHostedService>(), s => s.GetType().Name == "AzureStorageDurableTaskWorker");
    }

    [Fact]
    public void MetadataTransformers_LifecycleTasksKeptOutOfTheDefaultRegistry_NoFunctionIsAddedTwice()
    {
        // The Durable extension adds a function for every task of the default worker's registry when the host asks
        // the worker for its functions; the lifecycle's tasks are already explicit functions (with the client binding).
        var functions = new List<IFunctionMetadata>();
        foreach (var transformer in _host.Services.GetServices<IFunctionMetadataTransformer>())
        {
            transformer.Transform(functions);
        }

        var named = _host.Services.GetRequiredService<IOptionsMonitor<DurableTaskRegistry>>().Get(Hosting.Composition.ServiceComposition.FunctionsTaskWorkerName);

        Assert.Empty(functions);
        Assert.Equal(
            LifecycleTasks.Orchestrators.Concat(LifecycleTasks.Activities).Select(t => t.Name).Order(),
            RegisteredTasks.Orchestrators(named).Concat(RegisteredTasks.Activities(named)).Order());
    }

    [Fact]
    public void DataConverter_EveryLifecycleMessage_RoundTripsThroughTheWorkersConverter()
    {
        // The converter the Durable extension installs over the worker's serializer: activity inputs arrive written
        // by it, and the dispatcher reads them with it.
        var converter = _host.Services.GetRequiredService<IOptionsMonitor<DurableTaskWorkerOptions>>().Get(Options.DefaultName).DataConverter;
        var run = new RunInput("team-a", "shop", "20261204T0800000000000Z-0a1b2c3d", RunKind.Deploy, EnvironmentStatus.Deploying)
        {
            Retry = new StepRetry(3, TimeSpan.FromSeconds(5)),
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        };
        var failure = new FailureDetails("Terraform.ProviderError", "quota exceeded", "QuotaExceeded", IsTransient: true);
        object[] messages =
        [
            run,
            new RunPlan([new PlannedResource("cache", ["network"])], null) { Preflight = true, ApprovalDeadline = DateTimeOffset.Parse("2026-12-05T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), ApprovalRecheck = TimeSpan.FromMinutes(5) },
            new ResourceStepInput("team-a", "shop", run.RunId, "cache", "deploy-team-a-shop") { TraceParent = run.TraceParent },
            new ResourceStepResult("cache", StepOutcome.Failed, failure, "cache.apply.1"),
            new CompleteRunInput(run, RunStatus.Failed, ["frontend"], [new ResourceStepResult("cache", StepOutcome.Failed, failure, null)]),
            new LifetimeInput("team-a", "shop", ["2026-12-05T08:00:00.0000000+00:00/02:00:00"]),
            new ExpiryInfo(true, DateTimeOffset.Parse("2026-12-05T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), [TimeSpan.FromHours(2), TimeSpan.FromMinutes(30)]),
            new ExpiryWarningInput("team-a", "shop", DateTimeOffset.Parse("2026-12-05T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(2)),
            ExpireOutcome.Busy,
        ];

        Assert.All(messages, message =>
        {
            var written = converter.Serialize(message)!;
            var read = converter.Deserialize(JsonDocument.Parse(written).RootElement.GetRawText(), message.GetType());

            Assert.NotNull(read);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(written), JsonNode.Parse(converter.Serialize(read)!)), $"{message.GetType().Name}: {written} read back as {converter.Serialize(read)}");
        });
    }

    public void Dispose() => _host.Dispose();

    // The host endpoint is what the Functions host passes its worker; nothing connects to it, the host is not started.
    private static string[] Arguments() =>
        [.. ServiceSettings.Create("UseDevelopmentStorage=true").Values.Select(v => $"--{v.Key}={v.Value}"), "--Functions:Worker:HostEndpoint=http://127.0.0.1:9"];
}
