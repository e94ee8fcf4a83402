namespace EnvOrchestrator.Lifecycle;

/// <summary>The kinds of <see cref="LifecycleProblem"/>; stable, callers switch on them.</summary>
public static class ProblemCodes
{
    /// <summary>A field of the request is malformed or breaks an input rule (HTTP 400).</summary>
    public const string InvalidRequest = "invalid-request";

    /// <summary>The project may not do this, e.g. use a template not shared with it (HTTP 403).</summary>
    public const string Forbidden = "forbidden";

    /// <summary>The environment, run, template or log does not exist (HTTP 404).</summary>
    public const string NotFound = "not-found";

    /// <summary>The environment already exists, a run is in progress, or its state does not allow the operation (HTTP 409).</summary>
    public const string Conflict = "conflict";

    /// <summary>The version the caller read (If-Match) is no longer the stored one (HTTP 412).</summary>
    public const string PreconditionFailed = "precondition-failed";

    /// <summary>A lifetime or policy rule refuses the request as a whole (HTTP 422).</summary>
    public const string RuleViolated = "rule-violated";

    /// <summary>The idempotency key was used for a different request (HTTP 422).</summary>
    public const string IdempotencyKeyReused = "idempotency-key-reused";

    /// <summary>The same idempotent request is being handled right now (HTTP 409; retry later).</summary>
    public const string RequestInProgress = "request-in-progress";
}
