using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Cancellation;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Ledger;
using EnvOrchestrator.Lifecycle.Notifications;
using EnvOrchestrator.Lifecycle.Runs;
using EnvOrchestrator.StateBackend;
using EnvOrchestrator.Terraform;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>What the lifecycle activities share, injected once instead of in every constructor.</summary>
internal sealed class StepServices(
    ITemplateCatalogSource catalog,
    IEnvironmentStore environments,
    IRunStore runs,
    RunLedger ledger,
    IActiveRunIndex activeRuns,
    IStepLogStore logs,
    ITerraformRunner terraform,
    TerraformStateBackend stateBackend,
    RunCancellationRegistry cancellations,
    IEnvironmentNotifier notifier,
    RunStarter starter,
    DurableTaskClient client,
    IOptions<EnvironmentLifecycleOptions> options,
    TimeProvider time,
    ILoggerFactory loggers,
    IHostApplicationLifetime? lifetime = null)
{
    /// <summary>
    /// Cancelled when this process begins to stop. Activities stop their work gracefully on it and end with an
    /// exception; the runtime then gives the work item back to the queue rather than recording a failure, and the
    /// next delivery recovers the interrupted step. Durable Task activities get no token of their own.
    /// </summary>
    public CancellationToken Stopping { get; } = lifetime?.ApplicationStopping ?? CancellationToken.None;

    public ITemplateCatalogSource Catalog { get; } = catalog;

    public IEnvironmentStore Environments { get; } = environments;

    public IRunStore Runs { get; } = runs;

    public IActiveRunIndex ActiveRuns { get; } = activeRuns;

    /// <summary>The only writer of environment and run records.</summary>
    public RunLedger Ledger { get; } = ledger;

    public IStepLogStore Logs { get; } = logs;

    public ITerraformRunner Terraform { get; } = terraform;

    public TerraformStateBackend StateBackend { get; } = stateBackend;

    public RunCancellationRegistry Cancellations { get; } = cancellations;

    public IEnvironmentNotifier Notifier { get; } = notifier;

    public RunStarter Starter { get; } = starter;

    public DurableTaskClient Client { get; } = client;

    public EnvironmentLifecycleOptions Options { get; } = options.Value;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = loggers.CreateLogger("EnvOrchestrator.Lifecycle.Activities");

    public TerraformHttpBackend BackendFor(TerraformStateAddress address) => StateAddresses.BackendFor(StateBackend, Options, address);
}
