namespace EnvOrchestrator.Azurite;

/// <summary>How to run the Azurite storage emulator.</summary>
public sealed class AzuriteOptions
{
    /// <summary>Folder holding the package.json that pins Azurite; found by walking up from the app when null.</summary>
    public string? ToolRoot { get; set; }

    /// <summary>Keep data in memory (tests) instead of on disk under <see cref="Location"/>.</summary>
    public bool InMemory { get; set; } = true;

    /// <summary>Data folder when <see cref="InMemory"/> is false.</summary>
    public string? Location { get; set; }

    /// <summary>0 picks a free loopback port.</summary>
    public int BlobPort { get; set; }

    public int QueuePort { get; set; }

    public int TablePort { get; set; }

    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed for <c>npm ci</c> when Azurite is not installed yet.</summary>
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
