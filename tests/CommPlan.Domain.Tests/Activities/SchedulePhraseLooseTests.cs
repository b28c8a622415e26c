using CommPlan.Domain.Activities;

namespace CommPlan.Domain.Tests.Activities;

/// <summary>What a spreadsheet's "Tid" column says without naming a month: weeks and seasons.</summary>
public sealed class SchedulePhraseLooseTests
{
    [Theory]
    [InlineData("v. 12", "2026-03-16", "2026-03-22")]
    [InlineData("v12", "2026-03-16", "2026-03-22")]
    [InlineData("vecka 12–14", "2026-03-16", "2026-04-05")]
    [InlineData("uke 40", "2026-09-28", "2026-10-04")]
    [InlineData("week 53", "2026-12-28", "2026-12-31")]
    [InlineData("hösten", "2026-08-01", "2026-12-31")]
    [InlineData("Våren", "2026-01-01", "2026-06-30")]
    [InlineData("sommeren", "2026-06-01", "2026-08-31")]
    [InlineData("maj och okt", "2026-05-01", "2026-10-31")]
    public void Weeks_and_seasons_become_a_period_of_the_plan_year(string text, string from, string to)
    {
        Assert.True(SchedulePhrase.TryRead(text, 2026, out var schedule));

        Assert.Equal(new Period(DateOnly.Parse(from), DateOnly.Parse(to)), schedule.Period);
    }

    [Fact]
    public void Week_one_that_starts_in_december_is_clipped_to_the_plan_year()
    {
        Assert.True(SchedulePhrase.TryRead("v. 1", 2025, out var schedule));

        Assert.Equal(new Period(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 5)), schedule.Period);
    }

    [Theory]
    [InlineData("v. 54")]
    [InlineData("v. 0")]
    [InlineData("vecka 14-12")]
    [InlineData("week 53")]
    [InlineData("någon gång")]
    [InlineData("vintern")]
    public void What_the_period_model_cannot_say_is_not_read(string text)
    {
        Assert.False(SchedulePhrase.TryRead(text, 2025, out _));
    }
}
