namespace EnvOrchestrator.Terraform;

public enum TerraformOperation
{
    /// <summary>init → plan (saved) → show -json.</summary>
    Plan,

    /// <summary>init → plan (saved) → show -json → apply of that plan → output -json.</summary>
    Apply,

    /// <summary>init → destroy with the inputs used for apply.</summary>
    Destroy,

    /// <summary>init → output -json.</summary>
    Output,
}
