using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;

namespace EnvOrchestrator.Portal.Assets;

/// <summary>The portal's files, embedded as resources named <c>portal/{path}</c> (see the project file).</summary>
internal sealed class PortalAssets
{
    private const string ResourcePrefix = "portal/";
    private readonly FrozenDictionary<string, PortalAsset> _byPath;

    private PortalAssets(FrozenDictionary<string, PortalAsset> byPath) => _byPath = byPath;

    public IEnumerable<string> Paths => _byPath.Keys;

    public static PortalAssets Load()
    {
        var assembly = typeof(PortalAssets).Assembly;
        var types = new FileExtensionContentTypeProvider();
        var assets = new Dictionary<string, PortalAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            // MSBuild puts the OS separator in %(RecursiveDir); URLs use '/'.
            var path = name[ResourcePrefix.Length..].Replace('\\', '/');
            var content = Read(assembly, name);
            var contentType = types.TryGetContentType(path, out var known) ? known : "application/octet-stream";
            if (contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.EndsWith("javascript", StringComparison.Ordinal))
            {
                contentType += "; charset=utf-8";
            }

            assets[path] = new PortalAsset(path, contentType, content, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
        }

        return new PortalAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public PortalAsset? Find(string path) => _byPath.GetValueOrDefault(path);

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
