namespace EnvOrchestrator.Portal.Assets;

/// <summary>One embedded file of the portal, read once at start-up.</summary>
internal sealed record PortalAsset(string Path, string ContentType, ReadOnlyMemory<byte> Content, string ETag);
