using System.Globalization;
using System.Text.Json;
using Cli.Models;
using Data.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cli.Serving;

/// <summary>
/// The service's endpoints over one loaded <see cref="TrainedModel"/>: each turns a request into a call of the library and
/// answers with the type the matching CLI command prints with <c>--json</c>. Bad input throws <see cref="RequestProblem"/>,
/// which <see cref="ModelServer"/> turns into a 4xx with <c>{"error": ...}</c>.
/// </summary>
internal sealed class ServiceEndpoints(TrainedModel model)
{
    /// <summary>Most entries a list may ask for (n): the bound, a page of results, never a dump of the catalogue.</summary>
    public const int MaxCount = 1_000;

    /// <summary>
    /// Most users in one <c>POST /recommend</c>: a batch of 1,000 is the target size; ten times that still answers in
    /// seconds, while the body limit alone would let ~200,000 short indices through.
    /// </summary>
    public const int MaxBatchUsers = 10_000;

    private const string JsonType = "application/json; charset=utf-8";

    /// <summary>Adds the model endpoints to <paramref name="routes"/>.</summary>
    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/recommend", Recommend);
        routes.MapPost("/recommend", RecommendBatchAsync);
        routes.MapGet("/similar", Similar);
        routes.MapGet("/explain", Explain);
        routes.MapPost("/fold-in", FoldInAsync);
        routes.MapGet("/search", Search);
        routes.MapGet("/healthz", context => WriteAsync(context, 200,
            new HealthAnswer("ok", model.Users, model.Artists, model.Saved.Model.ItemFactors.Factors)));
    }

    /// <summary>Writes <paramref name="value"/> as one line of snake_case JSON with <paramref name="status"/>.</summary>
    public static async Task WriteAsync<T>(HttpContext context, int status, T value)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonType;
        await JsonSerializer.SerializeAsync(context.Response.Body, value, ModelCommand.CompactJson, context.RequestAborted);
    }

    private Task Recommend(HttpContext context)
    {
        HttpRequest request = context.Request;
        int user = FindUser(Required(request, "user"));
        int count = Count(request, "n");
        bool filter = Flag(request, "filter", defaultValue: true);
        return WriteAsync(context, 200, UserRecommendations.Create(model, user, model.History(user), count, model.Recommend(user, count, filter)));
    }

    private async Task RecommendBatchAsync(HttpContext context)
    {
        BatchRecommendRequest body = await ReadAsync<BatchRecommendRequest>(context);
        if (body.Users.Count == 0) throw new RequestProblem(400, "'users' is empty: give at least one user id or index.");
        if (body.Users.Count > MaxBatchUsers)
            throw new RequestProblem(400, Invariant($"'users' has {body.Users.Count} entries; at most {MaxBatchUsers} per request."));
        int count = body.N ?? ModelOptions.DefaultCount;
        CheckCount(count, "n");
        NoNulls(body.Users, "users");
        if (body.Candidates is not null) NoNulls(body.Candidates, "candidates");
        int[] users = [.. body.Users.Select(FindUser)];
        int[]? candidates = body.Candidates?.Select(FindArtist).ToArray();
        IReadOnlyList<IReadOnlyList<ArtistScore>> lists = model.RecommendBatch(users, count, body.Filter ?? true, candidates);
        await WriteAsync(context, 200, new BatchRecommendAnswer(
            [.. users.Select((user, slot) => UserRecommendations.Create(model, user, model.History(user), count, lists[slot]))]));
    }

    private Task Similar(HttpContext context)
    {
        int item = Artist(context.Request);
        return WriteAsync(context, 200, SimilarArtistList.Create(model, item, Count(context.Request, "n")));
    }

    private Task Explain(HttpContext context)
    {
        HttpRequest request = context.Request;
        int user = FindUser(Required(request, "user"));
        int item = Artist(request);
        return WriteAsync(context, 200, model.Explain(user, item, Count(request, "n")));
    }

    private async Task FoldInAsync(HttpContext context)
    {
        FoldInRequest body = await ReadAsync<FoldInRequest>(context);
        int count = body.N ?? ModelOptions.DefaultCount;
        CheckCount(count, "n");
        NoNulls(body.Plays, "plays");
        ListeningHistory history = ListeningHistory.Resolve(body.Plays.Select(play => (play.Artist, play.Plays)), model.Lookup);
        FoldInAnswer answer;
        try
        {
            answer = FoldInAnswer.Create(model, history, count, "the request");
        }
        catch (CommandProblem none)
        {
            throw new RequestProblem(404, none.Message);
        }
        await WriteAsync(context, 200, answer);
    }

    private Task Search(HttpContext context)
    {
        string text = Required(context.Request, "q");
        int count = Count(context.Request, "n");
        IReadOnlyList<int> users = model.Lookup.SearchUsers(text, count);
        IReadOnlyList<int> artists = model.Lookup.SearchArtists(text, count);
        return WriteAsync(context, 200, new SearchAnswer(
            [.. users.Select(user => new UserMatch(user, model.Saved.UserIds[user]))],
            [.. artists.Select(item => new ArtistMatch(item, model.Saved.ArtistNames[item], model.Mbid(item)))]));
    }

    /// <summary>Reads the JSON body (the server bounds its size); a body that is <c>null</c> is refused.</summary>
    private static async Task<T> ReadAsync<T>(HttpContext context) where T : class =>
        await JsonSerializer.DeserializeAsync<T>(context.Request.Body, ModelCommand.CompactJson, context.RequestAborted)
        ?? throw new RequestProblem(400, "the body is null; send a JSON object.");

    /// <summary>Refuses a list with a null entry (JSON does not check the elements' nullability).</summary>
    private static void NoNulls<T>(IReadOnlyList<T> list, string name)
    {
        for (int slot = 0; slot < list.Count; slot++)
            if (list[slot] is null) throw new RequestProblem(400, Invariant($"'{name}' has null at position {slot}."));
    }

    private int FindUser(string text) => model.Lookup.FindUser(text) ?? throw new RequestProblem(404, ModelCommand.UnknownUser(model.Lookup, text));

    /// <summary>The one artist a name or MBID names (a shared name is an <see cref="AmbiguousArtistException"/>: 400).</summary>
    private int FindArtist(string text) =>
        model.Lookup.FindArtist(text) ?? throw new RequestProblem(404, ModelCommand.UnknownArtist(model.Lookup, text));

    /// <summary>The artist of <c>artist=</c> (name or MBID) or <c>item=</c> (index, as every answer's item_index): exactly one of them.</summary>
    private int Artist(HttpRequest request)
    {
        string? name = Single(request, "artist"), index = Single(request, "item");
        if ((name is null) == (index is null)) throw new RequestProblem(400, "give exactly one of 'artist' (name or MBID) and 'item' (artist index).");
        if (name is not null) return FindArtist(name);
        if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out int item) || item >= model.Artists)
            throw new RequestProblem(404, Invariant($"no artist index '{index}': the model has artists 0 to {model.Artists - 1}."));
        return item;
    }

    /// <summary>The query parameter <paramref name="name"/>, or null when absent; given twice is an error.</summary>
    private static string? Single(HttpRequest request, string name)
    {
        var values = request.Query[name];
        if (values.Count > 1) throw new RequestProblem(400, $"the query parameter '{name}' is given {values.Count} times; give it once.");
        return values.Count == 0 ? null : values[0];
    }

    private static string Required(HttpRequest request, string name) =>
        Single(request, name) is { Length: > 0 } value ? value : throw new RequestProblem(400, $"the query parameter '{name}' is missing or empty.");

    private static int Count(HttpRequest request, string name)
    {
        string? text = Single(request, name);
        if (text is null) return ModelOptions.DefaultCount;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int count))
            throw new RequestProblem(400, Invariant($"'{name}' must be a whole number from 1 to {MaxCount}; got '{text}'."));
        CheckCount(count, name);
        return count;
    }

    private static void CheckCount(int count, string name)
    {
        if (count is < 1 or > MaxCount) throw new RequestProblem(400, Invariant($"'{name}' must be from 1 to {MaxCount}; got {count}."));
    }

    private static bool Flag(HttpRequest request, string name, bool defaultValue)
    {
        string? text = Single(request, name);
        return text?.ToUpperInvariant() switch
        {
            null => defaultValue,
            "TRUE" or "1" => true,
            "FALSE" or "0" => false,
            _ => throw new RequestProblem(400, $"'{name}' must be true or false; got '{text}'."),
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
