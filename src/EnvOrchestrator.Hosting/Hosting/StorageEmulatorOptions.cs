namespace EnvOrchestrator.Hosting.Hosting;

/// <summary>Whether and how the service starts Azurite for itself.</summary>
internal sealed class StorageEmulatorOptions
{
    public const string SectionName = "EnvOrchestrator:Emulator";

    /// <summary>Start Azurite when the storage connection points at the emulator and nothing answers there.</summary>
    public bool AutoStart { get; set; } = true;

    /// <summary>Where Azurite keeps its data (relative to the content root); data survives restarts.</summary>
    public string DataPath { get; set; } = Path.Combine(".envorch", "azurite");

    /// <summary>Folder with the package.json that pins Azurite; found by walking up from the content root when empty.</summary>
    public string? ToolRoot { get; set; }
}
