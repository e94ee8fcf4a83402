using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Lifecycle.Admission;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Ledger;
using EnvOrchestrator.Lifecycle.UseCases.Environments;
using EnvOrchestrator.Lifecycle.UseCases.Lifetimes;
using Microsoft.Extensions.Options;
using static EnvOrchestrator.Lifecycle.UseCases.UseCaseResults;

namespace EnvOrchestrator.Lifecycle.UseCases.Extend;

/// <summary>
/// Pushes the expiry back within the lifetime caps (the strictest of the template's, organisation's and project's) and
/// the mandatory lifetime policies; wakes the timer.
/// </summary>
internal sealed class ExtendEnvironmentHandler(
    ITemplateCatalogSource catalogSource,
    RunLedger ledger,
    LifetimeTimers lifetimes,
    LatestRunPolicyResults policyResults,
    IOptions<EnvironmentLifecycleOptions> options,
    TimeProvider time)
{
    private TemplateCatalog Catalog => catalogSource.Catalog;

    public async Task<LifecycleResult<EnvironmentView>> HandleAsync(ExtendEnvironmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (id, problem) = ParseId(command.Project, command.Name);
        if (id is null)
        {
            return LifecycleResult.Failure<EnvironmentView>(problem!);
        }

        var now = time.GetUtcNow();
        var extended = await ledger.ExtendAsync(id, e =>
        {
            var template = Catalog.FindEnvironmentTemplate(e.Template.Name, e.TemplateVersion);
            if (template is null)
            {
                return DomainResult.Failure<EnvironmentRecord>(DomainErrorCodes.NotExtendable, "The environment's template is no longer in the catalog.");
            }

            var moved = LifetimeCaps.For(template, e.Id.Project.Value, options.Value).Extend(e, command.By, now);
            var refusal = moved.Succeeded ? PolicyAdmission.RefuseExtension(Catalog, template, e.Id.Project.Value, moved.Value!.ExpiresAt - moved.Value.CreatedAt) : null;
            return refusal is null ? moved : DomainResult.Failure<EnvironmentRecord>("policy.maxTtl", refusal);
        }, cancellationToken).ConfigureAwait(false);
        if (!extended.Succeeded)
        {
            return LifecycleResult.Failure<EnvironmentView>(LifecycleProblem.FromDomain(extended.Problem, "by"));
        }

        await lifetimes.EnsureAsync(extended.Value!, raiseExtended: true, cancellationToken).ConfigureAwait(false);
        var results = await policyResults.ReadAsync(id, Advise(extended.Value!), cancellationToken).ConfigureAwait(false);
        return LifecycleResult.Success(ViewMapper.ToView(extended.Value!) with { PolicyResults = results });
    }

    /// <summary>Advisory violations of the environment's lifetime after an extension.</summary>
    private ImmutableArray<PolicyResult> Advise(EnvironmentRecord environment)
    {
        var template = Catalog.FindEnvironmentTemplate(environment.Template.Name, environment.TemplateVersion);
        return template is null
            ? []
            : PolicyAdmission.AdviseExtension(Catalog, template, environment.Id.Project.Value, environment.ExpiresAt - environment.CreatedAt);
    }
}
