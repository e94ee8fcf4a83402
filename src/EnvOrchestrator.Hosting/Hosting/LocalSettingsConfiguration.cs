using System.Text.Json;

namespace EnvOrchestrator.Hosting.Hosting;

/// <summary>
/// Reads <c>local.settings.json</c> the way the Functions host does for local runs: its <c>Values</c> become app
/// settings (with <c>__</c> meaning a configuration section, as in environment variables) and
/// <c>Host.LocalHttpPort</c> the listening port. Under the real Functions host the same values arrive as environment
/// variables, so both paths read identically.
/// </summary>
internal static class LocalSettingsConfiguration
{
    public const string FileName = "local.settings.json";

    /// <summary>
    /// The file in the content root, else in the nearest folder above it up to the one holding <c>host.json</c> (the
    /// Functions app root): <c>dotnet run --project src/EnvOrchestrator.Server</c> may start in the project folder
    /// while the settings sit beside host.json at the repository root.
    /// </summary>
    public static string Find(string contentRoot)
    {
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate) || File.Exists(Path.Combine(dir.FullName, "host.json")))
            {
                return candidate;
            }
        }

        return Path.Combine(contentRoot, FileName);
    }

    public static IConfigurationBuilder AddFunctionsLocalSettings(this IConfigurationBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!File.Exists(path))
        {
            return builder;
        }

        return builder.AddInMemoryCollection(Read(File.ReadAllText(path), path));
    }

    /// <exception cref="InvalidOperationException">The file is not valid local.settings.json; the message names it.</exception>
    internal static Dictionary<string, string?> Read(string json, string path)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{path} is not valid JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            if (doc.RootElement.TryGetProperty("Values", out var values) && values.ValueKind == JsonValueKind.Object)
            {
                foreach (var value in values.EnumerateObject())
                {
                    settings[value.Name.Replace("__", ":", StringComparison.Ordinal)] = value.Value.ValueKind switch
                    {
                        JsonValueKind.String => value.Value.GetString(),
                        JsonValueKind.Null => null,
                        _ => value.Value.GetRawText(),
                    };
                }
            }

            if (doc.RootElement.TryGetProperty("Host", out var host) && host.ValueKind == JsonValueKind.Object &&
                host.TryGetProperty("LocalHttpPort", out var port) && port.TryGetInt32(out var portNumber))
            {
                settings[HostPort.LocalHttpPortKey] = portNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return settings;
    }
}
