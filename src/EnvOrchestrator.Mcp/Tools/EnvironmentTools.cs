using System.ComponentModel;
using System.Text.Json;
using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Lifecycle.Contracts;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace EnvOrchestrator.Mcp.Tools;

/// <summary>
/// One environment's life for an agent: create, status, plan, extend, destroy. Each tool does what the matching API
/// endpoint does, with the same access action, the same request checks and the same refusals.
/// </summary>
internal sealed class EnvironmentTools(IEnvironmentService service, McpAccess access, TimeProvider time)
{
    private const string ProjectDescription = "The project (a DNS label such as team-a); templates are shared with some projects only.";
    private const string NameDescription = "The environment name: a lower-case DNS label such as pr-123-cache.";

    [McpServerTool(Name = "create_environment", Title = "Create an environment", Destructive = false, OpenWorld = false)]
    [Description("Creates an environment from a template and starts deploying it (the call returns at once). Poll environment_status until settled is true and status is Ready; outputs are shown then. A name held by a destroyed environment is reused.")]
    public async Task<CallToolResult> CreateEnvironmentAsync(
        [Description(ProjectDescription)] string project,
        [Description(NameDescription)] string name,
        [Description("The template as name or name@version, e.g. cache-only or web-stack@1.0.0 (see list_templates).")] string template,
        [Description("Template inputs by name (see explain_template); omitted ones take their defaults.")] Dictionary<string, JsonElement>? inputs = null,
        [Description("Lifetime such as 30m, 4h or 1h30m; the template's default when omitted, refused above its maximum.")] string? ttl = null,
        [Description("Makes the call safe to repeat: the same key and arguments return the first answer.")] string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        var (identity, denied) = await access.CheckAsync(project, ProjectAction.Create, cancellationToken).ConfigureAwait(false);
        if (identity is null)
        {
            return ToolResults.Problem(denied!);
        }

        // The API's own request checks, word for word, before the lifecycle sees the command.
        if (string.IsNullOrEmpty(template))
        {
            return ToolResults.Problem(new LifecycleProblem(ProblemCodes.InvalidRequest, "A template is required, e.g. \"web-stack\" or \"web-stack@1.0.0\".", "template", "template.required"));
        }

        TimeSpan? lifetime = null;
        if (ttl is not null)
        {
            if (!DurationText.TryParse(ttl, out var parsed))
            {
                return ToolResults.Problem(new LifecycleProblem(ProblemCodes.InvalidRequest, $"'{ttl}' is not a duration such as 8h, 90m or 1h30m.", "ttl", "value.invalid-duration"));
            }

            lifetime = parsed;
        }

        var command = new CreateEnvironmentCommand(project, name ?? string.Empty, template, inputs ?? [], lifetime, identity.Name)
        {
            IdempotencyKey = string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey,
        };
        return Started(await service.CreateAsync(command, cancellationToken).ConfigureAwait(false));
    }

    [McpServerTool(Name = "environment_status", Title = "Show an environment's status", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("An environment's status (Queued, Deploying, Ready, Failed, Destroying, Destroyed, …), each resource's status, the outputs once Ready (sensitive values masked: value null, sensitive true), expiry and time left. settled is false while a run is in progress.")]
    public async Task<CallToolResult> EnvironmentStatusAsync(
        [Description(ProjectDescription)] string project,
        [Description(NameDescription)] string name,
        CancellationToken cancellationToken = default)
    {
        var (identity, denied) = await access.CheckAsync(project, name, ProjectAction.Read, cancellationToken).ConfigureAwait(false);
        if (identity is null)
        {
            return ToolResults.Problem(denied!);
        }

        var result = await service.GetAsync(new EnvironmentQuery(project, name), cancellationToken).ConfigureAwait(false);
        return ToolResults.From(result, e => EnvironmentStatusView.From(e, time.GetUtcNow()));
    }

    [McpServerTool(Name = "plan_environment", Title = "Preview a change to an environment", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("What changing an existing environment's inputs or template version would do, resource by resource (a Terraform plan; nothing is applied). Without inputs and templateVersion, the current ones.")]
    public async Task<CallToolResult> PlanEnvironmentAsync(
        [Description(ProjectDescription)] string project,
        [Description(NameDescription)] string name,
        [Description("New inputs merged over the current ones.")] Dictionary<string, JsonElement>? inputs = null,
        [Description("Another version of the environment's template.")] string? templateVersion = null,
        CancellationToken cancellationToken = default)
    {
        var (identity, denied) = await access.CheckAsync(project, name, ProjectAction.Read, cancellationToken).ConfigureAwait(false);
        if (identity is null)
        {
            return ToolResults.Problem(denied!);
        }

        var result = await service.PlanAsync(new PlanEnvironmentQuery(project, name, inputs, templateVersion), cancellationToken).ConfigureAwait(false);
        return ToolResults.From(result, p => p);
    }

    [McpServerTool(Name = "extend_environment", Title = "Extend an environment's lifetime", Destructive = false, OpenWorld = false)]
    [Description("Pushes the environment's expiry back, within the template's maximum TTL and extension caps (see explain_template).")]
    public async Task<CallToolResult> ExtendEnvironmentAsync(
        [Description(ProjectDescription)] string project,
        [Description(NameDescription)] string name,
        [Description("How much longer, such as 30m or 4h.")] string by,
        CancellationToken cancellationToken = default)
    {
        var (identity, denied) = await access.CheckAsync(project, name, ProjectAction.Change, cancellationToken).ConfigureAwait(false);
        if (identity is null)
        {
            return ToolResults.Problem(denied!);
        }

        if (!DurationText.TryParse(by, out var duration))
        {
            return ToolResults.Problem(new LifecycleProblem(ProblemCodes.InvalidRequest, $"'{by}' is not a duration such as 4h or 30m.", "by", "value.invalid-duration"));
        }

        var result = await service.ExtendAsync(new ExtendEnvironmentCommand(project, name, duration.Value, identity.Name), cancellationToken).ConfigureAwait(false);
        return ToolResults.From(result, e => EnvironmentStatusView.From(e, time.GetUtcNow()));
    }

    [McpServerTool(Name = "destroy_environment", Title = "Destroy an environment", Destructive = true, Idempotent = false, OpenWorld = false)]
    [Description("Starts destroying the environment's resources in reverse dependency order (the call returns at once). Poll environment_status until status is Destroyed.")]
    public async Task<CallToolResult> DestroyEnvironmentAsync(
        [Description(ProjectDescription)] string project,
        [Description(NameDescription)] string name,
        CancellationToken cancellationToken = default)
    {
        var (identity, denied) = await access.CheckAsync(project, name, ProjectAction.Destroy, cancellationToken).ConfigureAwait(false);
        if (identity is null)
        {
            return ToolResults.Problem(denied!);
        }

        return Started(await service.DestroyAsync(new EnvironmentCommand(project, name, identity.Name), cancellationToken).ConfigureAwait(false));
    }

    private CallToolResult Started(LifecycleResult<OperationAccepted> result) =>
        ToolResults.From(result, accepted => new OperationStarted(
            EnvironmentStatusView.From(accepted.Environment, time.GetUtcNow()),
            accepted.Run.Id,
            accepted.Run.Kind,
            accepted.Run.Status,
            $"Poll environment_status(project: \"{accepted.Environment.Project}\", name: \"{accepted.Environment.Name}\") until settled is true."));
}
