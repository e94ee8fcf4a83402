namespace EnvOrchestrator.Core.Environments;

/// <summary>A broken domain rule, returned as data: <see cref="Code"/> is stable for callers, <see cref="Message"/> is for people.</summary>
public sealed record DomainError(string Code, string Message);

/// <summary>The stable codes of <see cref="DomainError"/>.</summary>
public static class DomainErrorCodes
{
    public const string InvalidTransition = "invalid-transition";
    public const string UnknownResource = "unknown-resource";
    public const string TtlNotPositive = "ttl-not-positive";
    public const string TtlAboveMax = "ttl-above-max";
    public const string TtlBelowMin = "ttl-below-min";
    public const string NoExpiry = "no-expiry";
    public const string NotExtendable = "not-extendable";
    public const string ExtensionNotPositive = "extension-not-positive";
    public const string ExtensionTooLong = "extension-too-long";
    public const string ExtensionCountExceeded = "extension-count-exceeded";
    public const string ExtensionBeyondMaxTtl = "extension-beyond-max-ttl";
    public const string RunInProgress = "run-in-progress";

    /// <summary>The environment to change is not stored (any more).</summary>
    public const string EnvironmentNotFound = "environment-not-found";

    /// <summary>The environment changed since the version the caller read.</summary>
    public const string VersionMismatch = "version-mismatch";
}
