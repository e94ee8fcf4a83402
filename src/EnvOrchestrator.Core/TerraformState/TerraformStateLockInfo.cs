namespace EnvOrchestrator.Core.TerraformState;

/// <summary>A lock held on a Terraform state, as seen when it was read.</summary>
/// <param name="Id">Terraform's lock id.</param>
/// <param name="AcquiredAt">When the backend granted it.</param>
/// <param name="IsOrphaned">
/// The service process that served the lock request is gone from this machine: its Terraform has nobody to report to,
/// so nobody else will ever release the lock, and it can be taken away at once.
/// </param>
public sealed record TerraformStateLockInfo(string Id, DateTimeOffset AcquiredAt, bool IsOrphaned);
