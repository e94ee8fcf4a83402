using System.Text.Json;

namespace EnvOrchestrator.Functions.Hosting;

/// <summary>
/// Reads <c>local.settings.json</c> the way the Functions host does for local runs: its <c>Values</c> become app
/// settings (with <c>__</c> meaning a configuration section, as in environment variables) and
/// <c>Host.LocalHttpPort</c> the listening port. Under the real Functions host the same values arrive as environment
/// variables, so both paths read identically.
/// </summary>
internal static class LocalSettingsConfiguration
{
    public const string FileName = "local.settings.json";

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
