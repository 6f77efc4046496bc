using GraphQL;
using GraphQL.Types;
using Jamforelse.GraphQL.Clients;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jamforelse.GraphQL.Schema;

/// <summary>The queries: key figures, areas, comparisons, series, plans and assessments, read from the services.</summary>
public sealed class QueryType : ObjectGraphType
{
    private const string AsOfDescription = "Värdena som plattformen kände dem vid denna tidpunkt (ISO 8601, 2026-03-01T12:00:00Z), ur de revisioner den sparar: en rapport kan återskapas som den skrevs";

    public QueryType(IOptions<GraphQLLayerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var maxPage = options.Value.MaxPageSize;
        Name = "Query";

        Field<NonNullGraphType<KeyFigureConnectionType>>("keyFigures")
            .Description("Nyckeltal: sök på id eller titel, filtrera på verksamhetsområde eller ägare (egna nyckeltal).")
            .Argument<StringGraphType>("search")
            .Argument<StringGraphType>("operatingArea")
            .Argument<StringGraphType>("owner", "En kommuns egna nyckeltal i stället för de publika")
            .Argument<IntGraphType>("first", c => c.DefaultValue = 50)
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                var first = c.GetArgument<int>("first");
                if (first < 1 || first > maxPage)
                {
                    throw Errors.BadInput($"first must be between 1 and {maxPage}.");
                }
                var offset = Cursors.Offset(c.GetArgument<string?>("after")) ?? throw Errors.BadInput("after is not a cursor this API gave.");
                // The service pages by page number: ask for the pages that cover [offset, offset + first).
                var page = await Errors.CallAsync(() => Svc(c).KeyFiguresAsync(c.GetArgument<string?>("search"), c.GetArgument<string?>("operatingArea"),
                    c.GetArgument<string?>("owner"), 1 + offset / first, first, c.CancellationToken));
                if (offset % first != 0)
                {
                    throw Errors.BadInput("after must be a cursor at a page boundary of the same page size.");
                }
                var items = page?.Items ?? [];
                var edges = items.Select((k, i) => new Edge<KeyFigureDto>(Cursors.Of(offset + i + 1), k)).ToList();
                var total = page?.Total ?? 0;
                return new Connection<KeyFigureDto>(total, edges, new PageInfo(offset + items.Count < total, edges.Count > 0 ? edges[^1].Cursor : null));
            });

        Field<KeyFigureType>("keyFigure")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(async c => await Errors.CallAsync(() => Svc(c).KeyFigureAsync(c.GetArgument<string>("id"), c.CancellationToken)));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AreaType>>>>("areas")
            .Description("Kommuner, regioner och riket.")
            .Argument<AreaTypeEnum>("type")
            .Argument<StringGraphType>("search")
            .Argument<IntGraphType>("first", c => c.DefaultValue = 300)
            .ResolveAsync(async c =>
            {
                var first = c.GetArgument<int>("first");
                if (first < 1 || first > maxPage)
                {
                    throw Errors.BadInput($"first must be between 1 and {maxPage}.");
                }
                var page = await Errors.CallAsync(() => Svc(c).AreasAsync(c.GetArgument<string?>("search"), c.GetArgument<string?>("type"), 1, first, c.CancellationToken));
                return page?.Items ?? [];
            });

        Field<AreaType>("area")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(async c => await Errors.CallAsync(() => Svc(c).AreaAsync(c.GetArgument<string>("id"), c.CancellationToken)));

        Field<GroupType>("peerGroup")
            .Description("En jämförelsegrupp ur Kolada (G…).")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(async c => await Errors.CallAsync(() => Svc(c).GroupAsync(c.GetArgument<string>("id"), c.CancellationToken)));

        Field<ComparisonType>("comparison")
            .Description("Ett nyckeltal för en period jämfört över kommunerna, med riket, genomsnitten och valda referenser; null när perioden saknar värden.")
            .Argument<NonNullGraphType<StringGraphType>>("kpi")
            .Argument<NonNullGraphType<StringGraphType>>("period", "2024, 2024-Q1 eller 2024-interim")
            .Argument<GenderEnum>("gender", c => c.DefaultValue = "T")
            .Argument<ProviderEnum>("provider", c => c.DefaultValue = "total")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("areas", "Bara dessa kommuners rader")
            .Argument<StringGraphType>("group", "En jämförelsegrupp: dess medlemmars rader och gruppen som referens")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("references", "region:<id>, group:<id>, municipality:<id>")
            .Argument<StringGraphType>("baseline", "Basperiod för förändringen")
            .Argument<StringGraphType>("asOf", AsOfDescription)
            .ResolveAsync(async c => await Errors.CallAsync(() => Svc(c).CachedComparisonAsync(new(
                c.GetArgument<string>("kpi"), c.GetArgument<string>("period"), c.GetArgument<string>("gender"), c.GetArgument<string>("provider"),
                Join(c.GetArgument<List<string>?>("areas")), c.GetArgument<string?>("group"), Join(c.GetArgument<List<string>?>("references")),
                c.GetArgument<string?>("baseline"), c.GetArgument<string?>("asOf")), c.CancellationToken)));

        Field<SeriesType>("series")
            .Description("Samma jämförelse år för år för valda kommuner eller en grupp.")
            .Argument<NonNullGraphType<StringGraphType>>("kpi")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("areas")
            .Argument<StringGraphType>("group")
            .Argument<IntGraphType>("from")
            .Argument<IntGraphType>("to")
            .Argument<GenderEnum>("gender", c => c.DefaultValue = "T")
            .Argument<ProviderEnum>("provider", c => c.DefaultValue = "total")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("references")
            .Argument<StringGraphType>("asOf", AsOfDescription)
            .ResolveAsync(async c => await Errors.CallAsync(() => Svc(c).SeriesAsync(
                c.GetArgument<string>("kpi"), Join(c.GetArgument<List<string>?>("areas")), c.GetArgument<string?>("group"), c.GetArgument<int?>("from"),
                c.GetArgument<int?>("to"), c.GetArgument<string>("gender"), c.GetArgument<string>("provider"), Join(c.GetArgument<List<string>?>("references")), c.CancellationToken,
                c.GetArgument<string?>("asOf"))));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PlanType>>>>("plans")
            .Description("Planer, med kommunens egna nivåer.")
            .Argument<StringGraphType>("owner")
            .Argument<PlanStatusEnum>("status")
            .ResolveAsync(async c =>
            {
                var summaries = await Errors.CallAsync(() => Svc(c).PlansAsync(c.GetArgument<string?>("owner"), c.GetArgument<string?>("status"), c.CancellationToken)) ?? [];
                var plans = await Task.WhenAll(summaries.Select(s => Errors.CallAsync(() => Svc(c).PlanAsync(s.Id, c.CancellationToken))));
                return plans.OfType<PlanDto>().ToList();
            });

        Field<PlanType>("plan")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(async c => await Errors.CallAsync(() => Svc(c).PlanAsync(c.GetArgument<string>("id"), c.CancellationToken)));

        Field<PlanVersionType>("planVersion")
            .Description("En version ur planens historik, med planen som den var då.")
            .Argument<NonNullGraphType<StringGraphType>>("plan")
            .Argument<NonNullGraphType<IntGraphType>>("version")
            .ResolveAsync(async c =>
            {
                var version = c.GetArgument<int>("version");
                if (version < 1)
                {
                    throw Errors.BadInput("version must be 1 or more.");
                }
                var plan = c.GetArgument<string>("plan");
                var answer = await Errors.CallAsync(() => Svc(c).PlanVersions.Load((plan, version)).GetResultAsync(c.CancellationToken));
                if (answer is not null)
                {
                    answer["planId"] = plan;
                }
                return answer;
            });

        Field<FollowUpType>("followUp")
            .Description("En uppföljning med sina avsnitt och sin historik.")
            .Argument<NonNullGraphType<StringGraphType>>("plan")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(async c => await Errors.CallAsync(() => Svc(c).FollowUpAsync(c.GetArgument<string>("plan"), c.GetArgument<string>("id"), c.CancellationToken)));

        Field<KoladaRunType>("koladaRun")
            .Description("En hämtning från Kolada i bakgrunden (plattformsadministratören): status, antal och varför den misslyckades. Följ den med importProgress(import: id).")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(async c => await Errors.CallAsync(() => Svc(c).KoladaRunAsync(c.GetArgument<string>("id"), c.CancellationToken)));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TenantPeerGroupType>>>>("peerGroups")
            .Description("Kommunernas egna jämförelsegrupper: en kommuns egna och de delade (utan tenant: de delade). Koladas grupper: peerGroup(id).")
            .Argument<StringGraphType>("tenant")
            .ResolveAsync(async c => await Errors.CallAsync(() => Svc(c).PeerGroupsAsync(c.GetArgument<string?>("tenant"), c.CancellationToken)) ?? []);

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AssessmentType>>>>("assessments")
            .Description("Bedömningar av planernas kvantitativa måluppfyllelser, per kommun, plan och år.")
            .Argument<StringGraphType>("tenant")
            .Argument<StringGraphType>("plan")
            .Argument<IntGraphType>("year")
            .Argument<GradeEnum>("grade")
            .ResolveAsync(async c =>
            {
                if (c.GetArgument<string?>("tenant") is null && c.GetArgument<string?>("plan") is null)
                {
                    throw Errors.BadInput("Name a tenant or a plan.");
                }
                var list = await Errors.CallAsync(() => Svc(c).AssessmentsAsync(c.GetArgument<string?>("tenant"), c.GetArgument<string?>("plan"),
                    c.GetArgument<int?>("year"), c.GetArgument<string?>("grade"), c.CancellationToken));
                return list?.Items ?? [];
            });
    }

    private static Services Svc(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<Services>();

    private static string? Join(List<string>? values) => values is null ? null : string.Join(",", values);
}

/// <summary>Errors as GraphQL answers them: every one with extensions.code.</summary>
public static class Errors
{
    public static ExecutionError BadInput(string message) => new(message) { Code = "BAD_USER_INPUT" };

    /// <summary>A service's refusal becomes a GraphQL error naming the service and carrying a code for its status.</summary>
    public static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (ServiceException exception)
        {
            var code = (int)exception.Status switch
            {
                400 or 422 => "BAD_USER_INPUT",
                401 => "UNAUTHENTICATED",
                403 => "FORBIDDEN",
                404 => "NOT_FOUND",
                409 => "CONFLICT",
                413 => "PAYLOAD_TOO_LARGE",
                429 => "RATE_LIMITED",
                >= 500 => "SERVICE_UNAVAILABLE",
                _ => "SERVICE_ERROR",
            };
            throw new ExecutionError(exception.Detail) { Code = code };
        }
        catch (HttpRequestException)
        {
            throw new ExecutionError("A service could not be reached; try again shortly.") { Code = "SERVICE_UNAVAILABLE" };
        }
    }
}
