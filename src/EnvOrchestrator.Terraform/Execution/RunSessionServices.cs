namespace EnvOrchestrator.Terraform.Execution;

/// <summary>What every run of one runner shares.</summary>
/// <param name="InitCache">Null when init results are not reused.</param>
/// <param name="TerraformIdentity">The resolved executable with its size and time, or null when it was not found.</param>
/// <param name="StateClient">Reads outputs from the state backend.</param>
/// <param name="ParentDeathSignal">Terraform is started with the parent-death signal (setpriv works here).</param>
internal sealed record RunSessionServices(InitCache? InitCache, string? TerraformIdentity, HttpClient StateClient, bool ParentDeathSignal);
