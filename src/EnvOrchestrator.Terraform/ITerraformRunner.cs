namespace EnvOrchestrator.Terraform;

/// <summary>
/// Runs Terraform for one module and state address per call, each in a fresh directory with its own data directory,
/// CLI config and environment. Never throws for Terraform failures: they come back as <see cref="TerraformRunResult.Failure"/>.
/// </summary>
public interface ITerraformRunner
{
    Task<TerraformRunResult> PlanAsync(TerraformRunRequest request, ITerraformEventSink sink, CancellationToken cancellationToken);

    Task<TerraformRunResult> ApplyAsync(TerraformRunRequest request, ITerraformEventSink sink, CancellationToken cancellationToken);

    /// <summary>Destroys with <see cref="TerraformRunRequest.Inputs"/>: pass the inputs persisted from the apply.</summary>
    Task<TerraformRunResult> DestroyAsync(TerraformRunRequest request, ITerraformEventSink sink, CancellationToken cancellationToken);

    Task<TerraformRunResult> OutputAsync(TerraformRunRequest request, ITerraformEventSink sink, CancellationToken cancellationToken);
}
