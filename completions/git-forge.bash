# bash completion for git forge. git's own completion calls _git_forge for `git forge <TAB>`
# (loading this file through bash-completion's loader by the name git-forge), and the
# `complete` line at the end covers running git-forge directly.

_git_forge ()
{
	local subcommands="show log blame pr issue prs browse status sync ingest install uninstall publish fetch"
	local subcommand
	subcommand="$(__git_find_on_cmdline "$subcommands")"
	if [ -z "$subcommand" ]; then
		case "$cur" in
		--*) __gitcomp "--version --help" ;;
		*) __gitcomp "$subcommands" ;;
		esac
		return
	fi
	case "$subcommand,$cur" in
	show,--color=*|log,--color=*|blame,--color=*|pr,--color=*|issue,--color=*|prs,--color=*)
		__gitcomp "always never auto" "" "${cur##--color=}" ;;
	show,--*)
		__gitcomp "--json --color= --no-pager --fetch --help" ;;
	show,*)
		__git_complete_refs ;;
	log,--*)
		__gitcomp "--max-count= --json --color= --no-pager --help" ;;
	log,*)
		if [ -n "$(__git_find_on_cmdline "--")" ]; then
			__git_complete_index_file "--cached"
		else
			__git_complete_revlist
		fi ;;
	blame,--*)
		__gitcomp "--json --color= --no-pager --help" ;;
	blame,*)
		# The file first, then the revision; -L takes a range.
		local i n=0 idx
		idx="$(__git_find_on_cmdline --show-idx blame)"
		idx=${idx%% *}
		for ((i = idx + 1; i < cword; i++)); do
			case "${words[i]}" in
			-L) ((i++)) ;;
			-*) ;;
			*) ((n++)) ;;
			esac
		done
		if [ "$prev" = "-L" ]; then
			:
		elif [ $n -eq 0 ]; then
			__git_complete_index_file "--cached"
		else
			__git_complete_refs
		fi ;;
	pr,--*|issue,--*)
		__gitcomp "--json --color= --no-pager --fetch --help" ;;
	prs,--*)
		__gitcomp "--json --color= --no-pager --help" ;;
	prs,*)
		__git_complete_revlist ;;
	browse,--*)
		__gitcomp "--no-browser --help" ;;
	browse,*)
		__git_complete_refs ;;
	status,--*|ingest,--*)
		__gitcomp "--json --help" ;;
	sync,--*)
		__gitcomp "--foreground --limit= --rebuild --log --follow --stop --help" ;;
	install,--*)
		__gitcomp "--force --overwrite-edited --help" ;;
	uninstall,--*)
		__gitcomp "--purge --help" ;;
	publish,--*)
		__gitcomp "--no-push --help" ;;
	fetch,--*)
		__gitcomp "--help" ;;
	publish,*|fetch,*)
		__gitcomp_nl "$(__git_remotes)" ;;
	esac
}

# `git-forge <TAB>` without git's completion helpers: plain words.
_git_forge_standalone ()
{
	local cur="${COMP_WORDS[COMP_CWORD]}"
	if declare -f __git_func_wrap >/dev/null 2>&1; then
		__git_func_wrap _git_forge
		return
	fi
	local words="show log blame pr issue prs browse status sync ingest install uninstall publish fetch"
	case "${COMP_WORDS[1]}" in
	show|pr|issue) words="--json --color --no-pager --fetch --help" ;;
	log) words="-n --max-count --json --color --no-pager --help" ;;
	blame) words="-L --json --color --no-pager --help" ;;
	prs) words="--json --color --no-pager --help" ;;
	browse) words="--no-browser --help" ;;
	status|ingest) words="--json --help" ;;
	sync) words="--foreground --limit --rebuild --log --follow --stop --help" ;;
	install) words="--force --overwrite-edited --help" ;;
	uninstall) words="--purge --help" ;;
	publish) words="--no-push --help $(git remote 2>/dev/null)" ;;
	fetch) words="--help $(git remote 2>/dev/null)" ;;
	esac
	COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o bashdefault -o default -F _git_forge_standalone git-forge
