using System.Collections.Immutable;
using System.Text.Json;
using EnvOrchestrator.Core.Approvals;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Lifecycle.Admission;
using EnvOrchestrator.Lifecycle.Catalog;
using static EnvOrchestrator.Lifecycle.UseCases.UseCaseResults;

namespace EnvOrchestrator.Lifecycle.UseCases.Change;

/// <summary>
/// What update and plan share: the stored environment and the template and inputs it would move to, or the problem
/// that refuses the change (bad name, not found, a destroy left unfinished, invalid inputs, unknown version, policy).
/// </summary>
internal sealed class ChangeProposals(ITemplateCatalogSource catalogSource, IEnvironmentStore environments)
{
    private TemplateCatalog Catalog => catalogSource.Catalog;

    public async Task<ChangeProposal> ProposeAsync(
        string project, string name, IReadOnlyDictionary<string, JsonElement>? inputs, string? templateVersion, bool overridden, CancellationToken cancellationToken)
    {
        var (id, problem) = ParseId(project, name);
        if (id is null)
        {
            return new ChangeProposal(null, null, null, [], problem);
        }

        var environment = await environments.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (environment is null)
        {
            return new ChangeProposal(null, null, null, [], NotFoundProblem(id));
        }

        if (environment.Status == EnvironmentStatus.Failed && environment.Resources.Any(r => r.Status == ResourceStatus.Destroyed))
        {
            // A destroy stopped part-way: what it destroyed cannot be updated, only destroyed the rest of the way.
            var left = string.Join(", ", environment.Resources.Where(r => r.Status != ResourceStatus.Destroyed).Select(r => r.Name));
            var unfinished = new LifecycleProblem(
                ProblemCodes.Conflict,
                $"The destroy of {id} stopped part-way ({left} not destroyed): retry it (POST …/retry) or destroy again; it cannot be updated.",
                "status",
                "update.destroy-unfinished");
            return new ChangeProposal(environment, null, null, [], unfinished);
        }

        var (template, resolved, advisory, refused) = Resolve(environment, inputs, templateVersion, overridden);
        return new ChangeProposal(environment, template, resolved, advisory, refused);
    }

    /// <summary>The environment as the proposal would make it: new template version, inputs and resource list.</summary>
    public static EnvironmentRecord Apply(EnvironmentRecord environment, EnvironmentTemplate template, ImmutableSortedDictionary<string, Value> inputs, DateTimeOffset now)
    {
        var resources = template.Resources
            .Select(r => environment.FindResource(r.Name) is { } existing ? existing with { Template = r.Template } : new ResourceRecord { Name = r.Name, Template = r.Template })
            .ToImmutableArray();
        return environment with { TemplateVersion = template.Version, Inputs = inputs, Resources = resources, UpdatedAt = now };
    }

    private (EnvironmentTemplate? Template, ImmutableSortedDictionary<string, Value>? Inputs, ImmutableArray<PolicyResult> Advisory, LifecycleProblem? Problem) Resolve(
        EnvironmentRecord environment, IReadOnlyDictionary<string, JsonElement>? given, string? version, bool overridden)
    {
        SemVersion? target = environment.TemplateVersion;
        if (version is not null && !SemVersion.TryParse(version, out target))
        {
            return (null, null, [], new LifecycleProblem(ProblemCodes.InvalidRequest, $"'{version}' is not a version (MAJOR.MINOR.PATCH).", "templateVersion", "version.invalid"));
        }

        var template = Catalog.FindEnvironmentTemplate(environment.Template.Name, target!.Value);
        if (template is null)
        {
            return (null, null, [], new LifecycleProblem(ProblemCodes.NotFound, $"Template {environment.Template.Name}@{target} does not exist.", "templateVersion", "template.unknown"));
        }

        // Staying on a version that was deprecated (or was a draft) since is fine; moving onto one is not.
        if (template.Version != environment.TemplateVersion && EnvironmentTemplates.RefuseVersion(Catalog, template, allowDraft: false, "templateVersion") is { } retired)
        {
            return (null, null, [], retired);
        }

        var missing = environment.Resources.Select(r => r.Name).Where(r => template.FindResource(r) is null).ToList();
        if (missing.Count > 0)
        {
            return (null, null, [], new LifecycleProblem(ProblemCodes.RuleViolated, $"Template {template} no longer has resource(s) {string.Join(", ", missing)}; destroy and re-create the environment instead.", "templateVersion", "update.resource-removed"));
        }

        var (inputs, problem) = InputResolver.Resolve(template, Catalog, environment.Id.Project.Value, given, environment.Inputs);
        if (inputs is null)
        {
            return (null, null, [], problem);
        }

        var ttl = environment.ExpiresAt - environment.CreatedAt;
        var verdict = PolicyAdmission.Admit(Catalog, template, environment.Id.Project.Value, inputs, ttl, facts: null, overridden);
        return verdict.Overridden
            ? (template, inputs, verdict.Results, null)
            : (template, inputs, [.. verdict.Results.Where(r => r.Enforcement != PolicyEnforcement.Approval)], verdict.Refusal ?? RefuseApproval(environment, verdict));
    }

    /// <summary>
    /// <c>requireApproval</c> is about creating environments (the one being changed was approved then), and so is a
    /// violation an approver already allowed for this environment; any other rule under an approval policy refuses the
    /// update, as an update cannot wait for an approver yet.
    /// </summary>
    private static LifecycleProblem? RefuseApproval(EnvironmentRecord environment, PolicyVerdict verdict)
    {
        var allowed = environment.Approval is { Subject: ApprovalSubject.Deploy, Decision.Outcome: ApprovalOutcome.Approved } approved ? approved.Reasons : [];
        return verdict.ApprovalReasons.FirstOrDefault(r => r.Rule != "requireApproval" && !allowed.Contains(r)) is { } needed
            ? new LifecycleProblem(ProblemCodes.RuleViolated, $"{needed.Message} An approver would have to allow this, and an update cannot wait for one: keep the current value, or create a new environment.", "inputs", $"policy.{needed.Rule}")
            : null;
    }
}

/// <param name="Advisory">Advisory policy violations of the proposed change (every violation, when overridden), recorded on the run that makes it.</param>
internal sealed record ChangeProposal(
    EnvironmentRecord? Environment,
    EnvironmentTemplate? Template,
    ImmutableSortedDictionary<string, Value>? Inputs,
    ImmutableArray<PolicyResult> Advisory,
    LifecycleProblem? Problem);
