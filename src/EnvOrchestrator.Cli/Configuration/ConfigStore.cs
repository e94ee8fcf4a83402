using System.Text.Json;

namespace EnvOrchestrator.Cli.Configuration;

/// <summary>
/// The config file: <c>ENVCTL_CONFIG</c> when set, else <c>$XDG_CONFIG_HOME/envctl/config.json</c>, else
/// <c>~/.config/envctl/config.json</c>.
/// </summary>
internal sealed class ConfigStore(string path)
{
    public const string PathVariable = "ENVCTL_CONFIG";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Path { get; } = path;

    public static ConfigStore Locate(Func<string, string?> environment)
    {
        if (environment(PathVariable) is { Length: > 0 } explicitPath)
        {
            return new ConfigStore(System.IO.Path.GetFullPath(explicitPath));
        }

        var root = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : System.IO.Path.Combine(environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return new ConfigStore(System.IO.Path.Combine(root, "envctl", "config.json"));
    }

    /// <summary>The stored config; empty when there is no file yet.</summary>
    public async Task<CliConfig> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return CliConfig.Empty;
        }

        try
        {
            await using var stream = File.OpenRead(Path);
            return await JsonSerializer.DeserializeAsync<CliConfig>(stream, Json, cancellationToken) ?? CliConfig.Empty;
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Invalid, $"The config file {Path} is not valid JSON: {e.Message}", $"Fix or delete it, then run envctl login --endpoint URL --user NAME.", e);
        }
    }

    public async Task SaveAsync(CliConfig config, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = Path + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            if (!OperatingSystem.IsWindows())
            {
                // The file may hold a token: readable by its owner only, as ssh and gh keep theirs.
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            await JsonSerializer.SerializeAsync(stream, config, Json, cancellationToken);
        }

        File.Move(temporary, Path, overwrite: true);
    }
}
