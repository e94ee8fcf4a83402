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

    /// <summary>
    /// True (the default) passes <c>--skipApiVersionCheck</c>, so any client SDK version is accepted. False starts
    /// Azurite with its default flags, as users run it themselves: requests with a service version newer than Azurite
    /// knows then fail with 400 (<c>InvalidHeaderValue</c>), so clients must pin a service version Azurite accepts.
    /// </summary>
    public bool SkipApiVersionCheck { get; set; } = true;

    /// <summary>
    /// The emulator exits when the process that started it dies, even by SIGKILL (no exit handler runs then). For test
    /// hosts; a service keeps its on-disk emulator running across its own restarts and reuses it.
    /// </summary>
    public bool ExitWithParent { get; set; }

    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed for <c>npm ci</c> when Azurite is not installed yet.</summary>
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
