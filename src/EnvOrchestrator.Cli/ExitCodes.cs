namespace EnvOrchestrator.Cli;

/// <summary>envctl's exit codes; scripts branch on them, so they are documented (docs/envctl.md, <c>envctl --help</c>) and stable.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int OperationFailed = 1;
    public const int Invalid = 2;
    public const int NotFound = 3;
    public const int Conflict = 4;
    public const int Unavailable = 5;
    public const int AwaitingApproval = 6;
    public const int Interrupted = 130;

    public static IReadOnlyList<(int Code, string Meaning)> Documented { get; } =
    [
        (Ok, "success (with --wait: the environment reached the state asked for)"),
        (OperationFailed, "the operation ran and failed: a deploy or destroy ended Failed or Cancelled, a followed run failed"),
        (Invalid, "usage or validation error: bad arguments, a 400/413/415/422/428 from the service, catalog errors"),
        (NotFound, "the project, environment, run or template does not exist (404)"),
        (Conflict, "the environment's state does not allow it, e.g. a run is in progress, or it changed meanwhile (409/412)"),
        (Unavailable, "the service cannot be used: unreachable, timed out, identity refused (401/403) or failing (5xx)"),
        (AwaitingApproval, "with --wait: the environment waits for an approver (envctl env approve); with extend: the extension was held for approval"),
        (Interrupted, "interrupted (Ctrl+C)"),
    ];

    public static int ForHttpStatus(int status) => status switch
    {
        404 => NotFound,
        409 or 412 => Conflict,
        401 or 403 or >= 500 => Unavailable,
        _ => Invalid,
    };
}
