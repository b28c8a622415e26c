namespace CommPlan.Application.Access;

/// <summary>
/// A directory call made while someone waits gets <see cref="AccessOptions.DirectoryBudget"/>: a directory that does
/// not answer by then is a dependency unavailable (the doors say "nothing was changed, try again"), never a guess.
/// </summary>
public static class DirectoryBudget
{
    public const string Dependency = "Microsoft Entra ID";

    public static async Task<T> WithinAsync<T>(TimeSpan budget, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(budget);
        try
        {
            return await call(limit.Token);
        }
        // Whatever the client makes of the cancellation (it may wrap it), the budget ran out.
        catch (Exception e) when (limit.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new DependencyUnavailableException(Dependency,
                $"The directory did not answer within {budget.TotalSeconds:0.#} s; nothing was changed.", budget < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : budget, e);
        }
    }
}
