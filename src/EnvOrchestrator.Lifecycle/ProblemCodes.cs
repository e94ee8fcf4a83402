using System.Diagnostics.CodeAnalysis;

namespace EnvOrchestrator.Lifecycle;

/// <summary>
/// One kind of refusal. The set is closed: the only instances are the members of <see cref="ProblemCodes"/>, so a
/// caller can compare with them and a host maps each to its transport (the HTTP API: <c>Api/Http/Problems.cs</c>).
/// <see cref="Value"/> is the stable text clients see (problem details' <c>code</c>).
/// </summary>
public sealed class ProblemCode
{
    internal ProblemCode(string value) => Value = value;

    public string Value { get; }

    // Callers written against the earlier string constants (and records of problems as text) keep working.
    public static implicit operator string(ProblemCode code) => code?.Value!;

    public override string ToString() => Value;
}

/// <summary>The closed set of <see cref="ProblemCode"/>s; stable, callers compare with them.</summary>
public static class ProblemCodes
{
    /// <summary>A field of the request is malformed or breaks an input rule (HTTP 400).</summary>
    public static readonly ProblemCode InvalidRequest = new("invalid-request");

    /// <summary>The request carries no acceptable identity (HTTP 401).</summary>
    public static readonly ProblemCode Unauthenticated = new("unauthenticated");

    /// <summary>The caller or the project may not do this, e.g. use a template not shared with it (HTTP 403).</summary>
    public static readonly ProblemCode Forbidden = new("forbidden");

    /// <summary>The environment, run, template or log does not exist (HTTP 404).</summary>
    public static readonly ProblemCode NotFound = new("not-found");

    /// <summary>The environment already exists, a run is in progress, or its state does not allow the operation (HTTP 409).</summary>
    public static readonly ProblemCode Conflict = new("conflict");

    /// <summary>The same idempotent request is being handled right now (HTTP 409; retry later).</summary>
    public static readonly ProblemCode RequestInProgress = new("request-in-progress");

    /// <summary>The version the caller read (If-Match) is no longer the stored one (HTTP 412).</summary>
    public static readonly ProblemCode PreconditionFailed = new("precondition-failed");

    /// <summary>The request body is larger than the host accepts (HTTP 413).</summary>
    public static readonly ProblemCode BodyTooLarge = new("body-too-large");

    /// <summary>The request body is not JSON (HTTP 415).</summary>
    public static readonly ProblemCode UnsupportedMediaType = new("unsupported-media-type");

    /// <summary>A lifetime or policy rule refuses the request as a whole (HTTP 422).</summary>
    public static readonly ProblemCode RuleViolated = new("rule-violated");

    /// <summary>The idempotency key was used for a different request (HTTP 422).</summary>
    public static readonly ProblemCode IdempotencyKeyReused = new("idempotency-key-reused");

    /// <summary>A change was sent without the version it was based on (If-Match; HTTP 428).</summary>
    public static readonly ProblemCode PreconditionRequired = new("precondition-required");

    /// <summary>Every code; declared after the members because static fields initialise in text order.</summary>
    public static IReadOnlyList<ProblemCode> All { get; } =
    [
        InvalidRequest, Unauthenticated, Forbidden, NotFound, Conflict, RequestInProgress, PreconditionFailed,
        BodyTooLarge, UnsupportedMediaType, RuleViolated, IdempotencyKeyReused, PreconditionRequired,
    ];

    public static bool TryParse(string? value, [NotNullWhen(true)] out ProblemCode? code)
    {
        code = All.FirstOrDefault(c => string.Equals(c.Value, value, StringComparison.Ordinal));
        return code is not null;
    }

    /// <exception cref="ArgumentException"><paramref name="value"/> is not one of the codes.</exception>
    public static ProblemCode Parse(string value) =>
        TryParse(value, out var code) ? code : throw new ArgumentException($"'{value}' is not a problem code; use one of ProblemCodes.", nameof(value));
}
