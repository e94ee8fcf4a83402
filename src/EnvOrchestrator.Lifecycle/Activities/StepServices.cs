using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.Lifecycle.Cancellation;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Ledger;
using EnvOrchestrator.Lifecycle.Runs;
using EnvOrchestrator.Terraform;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>What the Terraform steps (apply, destroy, preflight and the recovery of an interrupted step) share.</summary>
internal sealed class StepServices(
    ITemplateCatalogSource catalog,
    RunLedger ledger,
    IStepLogStore logs,
    ITerraformRunner terraform,
    ITerraformStateBackend stateBackend,
    RunCancellationRegistry cancellations,
    DurableTaskClient client,
    IOptions<EnvironmentLifecycleOptions> options,
    TimeProvider time,
    ILoggerFactory loggers,
    HostStopping stopping)
{
    /// <summary>See <see cref="HostStopping"/>.</summary>
    public CancellationToken Stopping { get; } = stopping.Token;

    public ITemplateCatalogSource Catalog { get; } = catalog;

    /// <summary>The only writer of environment and run records.</summary>
    public RunLedger Ledger { get; } = ledger;

    public IStepLogStore Logs { get; } = logs;

    public ITerraformRunner Terraform { get; } = terraform;

    public ITerraformStateBackend StateBackend { get; } = stateBackend;

    public RunCancellationRegistry Cancellations { get; } = cancellations;

    public DurableTaskClient Client { get; } = client;

    public EnvironmentLifecycleOptions Options { get; } = options.Value;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = loggers.CreateLogger("EnvOrchestrator.Lifecycle.Activities");

    public TerraformHttpBackend BackendFor(TerraformStateAddress address, string runId) => StateAddresses.BackendFor(StateBackend, Options, address, runId);
}
