using EnvOrchestrator.Cli.Http;
using EnvOrchestrator.Cli.Rendering;
using Spectre.Console;

namespace EnvOrchestrator.Cli.Commands;

/// <summary><c>--wait</c>: polls the environment until the run ends, shows progress, and judges the outcome.</summary>
internal static class OperationWaiter
{
    private static readonly HashSet<string> Settled = new(["Ready", "Destroyed", "Failed", "Cancelled"], StringComparer.Ordinal);

    /// <summary>Waits for <paramref name="operation"/>'s run, then prints the result (or its JSON) and returns the exit code.</summary>
    public static async Task<int> WaitAsync(CommandSession session, OperationModel operation, CancellationToken cancellationToken)
    {
        var api = await session.ApiAsync(cancellationToken);
        var path = ApiPaths.Environment(operation.Environment.Project, operation.Environment.Name);
        var runId = operation.Run.Id;
        var view = new ProgressView(session.Console, session.Context.Time);
        Action<EnvironmentModel> progress = session.Json ? _ => { } : view.WriteChanges;
        if (!view.Live)
        {
            // The accepted state first, so a log always shows where the run started even if the first poll is late.
            progress(operation.Environment);
        }

        var final = view.Live && !session.Json
            ? await session.Console.Live(view.Render(operation.Environment)).StartAsync(live => PollAsync(api, path, runId, session.Context, e =>
            {
                live.UpdateTarget(view.Render(e));
                live.Refresh();
            }, cancellationToken))
            : await PollAsync(api, path, runId, session.Context, progress, cancellationToken);

        var code = ExitCodeFor(operation.Run.Kind, final.Environment.Status);
        if (session.Json)
        {
            session.WriteJson(final.Json);
        }
        else
        {
            Summarize(session, final.Environment, runId, code);
        }

        return code;
    }

    internal static int ExitCodeFor(string runKind, string status) => (runKind, status) switch
    {
        (_, "AwaitingApproval") => ExitCodes.AwaitingApproval,
        ("Destroy", "Destroyed") => ExitCodes.Ok,
        ("Destroy", _) => ExitCodes.OperationFailed,
        (_, "Ready") => ExitCodes.Ok,
        ("Retry", "Destroyed") => ExitCodes.Ok,
        _ => ExitCodes.OperationFailed,
    };

    private static async Task<(EnvironmentModel Environment, string Json)> PollAsync(
        ApiClient api, string path, string runId, CliContext context, Action<EnvironmentModel> progress, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await api.GetAsync(path, cancellationToken);
            var environment = response.Read<EnvironmentModel>();
            progress(environment);

            // Done when the run let go of the environment in a settled state, or another run took over; a run waiting for
            // an approver may wait days, so waiting stops there too.
            var released = environment.CurrentRunId is null && Settled.Contains(environment.Status);
            if (released || environment.Status == "AwaitingApproval" || (environment.CurrentRunId is not null && environment.CurrentRunId != runId))
            {
                return (environment, response.Body);
            }

            await Task.Delay(context.PollInterval, context.Time, cancellationToken);
        }
    }

    private static void Summarize(CommandSession session, EnvironmentModel environment, string runId, int code)
    {
        var console = session.Console;
        var who = $"{environment.Project}/{environment.Name}";
        if (code == ExitCodes.AwaitingApproval)
        {
            console.MarkupLine($"{Markup.Escape(who)} is {EnvironmentRenderer.StatusMarkup(environment.Status)}: nothing is deployed until an approver decides.");
            EnvironmentRenderer.Approval(console, environment, session.Context.Time.GetUtcNow());
            return;
        }

        if (code == ExitCodes.Ok)
        {
            console.MarkupLine($"{Markup.Escape(who)} is {EnvironmentRenderer.StatusMarkup(environment.Status)}.");
            if (environment.Status == "Ready")
            {
                console.WriteLine($"Expires {Display.Expiry(environment.ExpiresAt, session.Context.Time.GetUtcNow())}.");
                if (environment.Outputs is { Count: > 0 } outputs)
                {
                    console.Write(EnvironmentRenderer.Values("OUTPUT", outputs));
                }
            }

            return;
        }

        console.MarkupLine($"{Markup.Escape(who)} ended {EnvironmentRenderer.StatusMarkup(environment.Status)}.");
        EnvironmentRenderer.Failure(console, environment.Failure);
        console.WriteLine($"See what happened: envctl env logs {environment.Project} {environment.Name} {runId}");
        console.WriteLine($"Try again after a fix: envctl env retry {environment.Project} {environment.Name} --wait");
    }
}
