using System.ComponentModel;
using EnvOrchestrator.Lifecycle;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace EnvOrchestrator.Mcp.Tools;

/// <summary>The catalog, as the API's <c>/api/templates</c> serves it: what an agent can ask for and with which inputs.</summary>
internal sealed class TemplateTools(IEnvironmentService service, McpAccess access)
{
    [McpServerTool(Name = "list_templates", Title = "List environment templates", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Lists the environment templates (name, version, description, resource count). Call explain_template on one to see its inputs before create_environment.")]
    public async Task<CallToolResult> ListTemplatesAsync(
        [Description("Only the templates shared with this project (a project is a DNS label such as team-a); all templates when omitted.")] string? project = null,
        CancellationToken cancellationToken = default)
    {
        var denied = await access.CheckCatalogAsync(project, cancellationToken).ConfigureAwait(false);
        return denied is not null ? ToolResults.Problem(denied) : ToolResults.Value(service.ListTemplates(project));
    }

    [McpServerTool(Name = "explain_template", Title = "Explain an environment template", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Explains one environment template: each input with its type, whether it is required, default, allowed values, pattern, range, sensitivity and whether it may be changed; the resources it deploys, its outputs and lifetime caps (default and maximum TTL, extensions).")]
    public async Task<CallToolResult> ExplainTemplateAsync(
        [Description("The template name, e.g. web-stack.")] string template,
        [Description("A version or range (e.g. 1.0.0, ^1.2); the highest active version when omitted.")] string? version = null,
        [Description("Refuse unless the template is shared with this project.")] string? project = null,
        CancellationToken cancellationToken = default)
    {
        var denied = await access.CheckCatalogAsync(project, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return ToolResults.Problem(denied);
        }

        var result = service.GetTemplate(template, version);
        if (result.Succeeded && project is not null && !service.ListTemplates(project).Any(t => t.Name == template))
        {
            return ToolResults.Problem(new LifecycleProblem(ProblemCodes.Forbidden, $"Template {template} is not shared with project '{project}'.", "template", "template.not-shared"));
        }

        return result.Succeeded ? ToolResults.Value(result.Value, TemplateExplanation.Write(result.Value)) : ToolResults.Problem(result.Problem);
    }
}
