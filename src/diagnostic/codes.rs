//! The one table of every code placebook reports, each with what it means and how to fix
//! it, in words for the people who write a playbook rather than for programmers.
//!
//! `placebook explain CODE` prints an entry, and `docs/content/manual/diagnostic-codes.md` is generated
//! from the table. Tests keep the table, the codes made in `src/` and that file in step.

/// One diagnostic code, explained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// The code as printed in `error[...]` or `warning[...]`, e.g. `unknown-field`.
    pub name: &'static str,
    /// What the problem is, in one plain sentence.
    pub meaning: &'static str,
    /// What to do about it, in one plain sentence.
    pub fix: &'static str,
}

const fn code(name: &'static str, meaning: &'static str, fix: &'static str) -> Code {
    Code { name, meaning, fix }
}

/// Every code placebook reports, sorted by name.
pub const CODES: &[Code] = &[
    code(
        "alt-is-file-name",
        "An image's alt text is its file name (such as `IMG_2041.jpg`), which tells people who cannot see the image nothing (a `check` warning).",
        "Write what the image shows between the brackets, `![Volunteers at the pantry](IMG_2041.jpg)`; mark a decoration with `![](border.png \"decorative\")`.",
    ),
    code(
        "ambiguous-block",
        "A page names a building block by its short name, but more than one collection has a block of that name.",
        "Write the name with its collection in front, for example `building-blocks/pooled-budget`.",
    ),
    code(
        "bad-image",
        "A page shows an image that cannot be read: it is damaged or cut short, or is another kind of file than its name says (a PNG named `.jpg`).",
        "Open the image in an image editor and save it again in the format its name says, or rename it to match what it is.",
    ),
    code(
        "binary-file",
        "A markdown page holds binary data, so it is not plain text (perhaps an image or a Word file saved with a .md name).",
        "Save the page as plain text, and move images and downloads to the static folder and link to them.",
    ),
    code(
        "broken-anchor",
        "A link points to a heading (the part after `#`) that is not on the page it links to.",
        "Correct the part after `#` to match a heading: it is the heading in lower case, with hyphens for spaces.",
    ),
    code(
        "broken-external-link",
        "A link to another website did not work when it was checked (an error, or no answer).",
        "Correct the address, link to an archived copy, or remove the link.",
    ),
    code(
        "broken-link",
        "A link points to a page or file of this site that does not exist, or to a file on your own computer (`C:\\...`, `file:///...`, a network share), which readers cannot open.",
        "Link to the other page's .md file, written from this file's folder; the help line suggests the closest name.",
    ),
    code(
        "cms-single-value",
        "In a playbook edited with Decap CMS (`cms:` in placebook.yaml), a list field such as `lead` is written as one value without brackets. placebook reads it as a list of one, but Decap's editor stops with an error on that page (a `check` warning).",
        "Write the value in square brackets, for example `lead: [Oldham Council]`.",
    ),
    code(
        "comma-list",
        "A list field such as `tags` is written as one line with commas, so it is one item, not several.",
        "Put the items in square brackets, for example `tags: [prevention, health and care]`, or one `- item` per line.",
    ),
    code(
        "curly-quotes",
        "A front-matter value is wrapped in curly quotes (as Word types them), which YAML does not read as quotes, so they would be published as part of the text.",
        "Remove the curly quotes; if the value needs quotes, type straight ones (\").",
    ),
    code(
        "draft-block",
        "A page names a building block that is still a draft, so the block is left out of the page.",
        "Publish the block by removing `draft: true` from it, or build with --drafts to preview drafts.",
    ),
    code(
        "draft-link",
        "A link points to a page that is still a draft, so the words are kept but are not a link.",
        "Publish the linked page by removing `draft: true` from it, or build with --drafts to preview drafts.",
    ),
    code(
        "duplicate-field",
        "The same field is written twice in a page's front matter (the settings between the `---` lines at the top).",
        "Keep one of the two lines and delete the other.",
    ),
    code(
        "duplicate-footnote",
        "A footnote label such as `[^1]` is defined twice on one page, so the two notes would share one id.",
        "Keep one definition, or give the other note a label of its own.",
    ),
    code(
        "duplicate-id",
        "Raw HTML in a page gives an element an id that the page already has, or that the theme uses for its own parts (such as `main` or the search box).",
        "Give the element another id; ids in a page must be unique.",
    ),
    code(
        "duplicate-number",
        "Two building blocks in the same collection have the same `number`.",
        "Give each building block in a collection its own number.",
    ),
    code(
        "duplicate-title",
        "Two pages have the same title (ignoring capital letters and spacing).",
        "Give each page its own title, so readers can tell them apart in lists and search results.",
    ),
    code(
        "duplicate-translation",
        "Two files are the same page in the same language (such as `oldham.md` and `oldham.en.md` for English).",
        "Keep one of them; a page in the playbook's first language needs no language code in its file name.",
    ),
    code(
        "duplicate-url",
        "Two pages would be published at the same web address.",
        "Rename one of the files or give one a different `slug:`; names that differ only in capital letters count as the same.",
    ),
    code(
        "embedded-page",
        "A page's raw HTML embeds a page of another site (`<iframe src=\"https://…\">`, `<embed>`, `<object>`): a video, a map or a form. Readers without internet (a playbook read offline or on an intranet) see an empty box, and the other site can set cookies and learn who reads the page, which readers may have to agree to first (a warning).",
        "Link to it instead, with words that say what it is (for a YouTube video the help gives the link). If it must be embedded, use the site's privacy-enhanced address where it has one (`youtube-nocookie.com`), and give an `<iframe>` a `title` saying what it shows.",
    ),
    code(
        "empty-field",
        "A page's `title`, `summary` or `place` is there but has nothing written after it.",
        "Write the text after the colon, or delete the line.",
    ),
    code(
        "empty-file",
        "A markdown file in the content folder is empty.",
        "Add front matter with at least a `title:`, or delete the file.",
    ),
    code(
        "field-not-for-kind",
        "A page has a field that belongs to another kind of page, such as a case-study field on a building block.",
        "Remove the field, or move the file to a collection of the kind the field belongs to.",
    ),
    code(
        "file-too-large",
        "A markdown file is larger than placebook will read.",
        "Split it into several pages, or put large downloads in the static folder and link to them.",
    ),
    code(
        "front-matter-fence",
        "A line meant to open or close the front matter is not exactly three hyphens: often a long dash (—) that Word typed in place of `---`.",
        "Type exactly `---` on that line, in a plain-text editor or with Word's AutoFormat turned off.",
    ),
    code(
        "heading-level",
        "A heading of a page's text skips a level after the heading before it (`###` straight after the page's title, or after a `#` heading), or is a second level-1 heading (`#`) below the page's title. Screen readers list a page's headings by level, so a skipped level reads as a missing section, and two level-1 headings as two pages (a warning; the accessibility checkers axe and Lighthouse report it too).",
        "The page's title is its level-1 heading: start the text's sections with `##`, their parts with `###`, and so on, one level at a time (the help gives the heading as it should be written). Delete a `#` heading that only repeats the title.",
    ),
    code(
        "image-too-large",
        "A page shows an image with more pixels than placebook decodes (`images: {max_megapixels: …}`, 50 million by default), or one built to need far more memory than its file size (a decompression bomb).",
        "Save a smaller copy of the image (2,000 to 4,000 pixels wide is plenty for a web page) and use that, or raise `max_megapixels` in placebook.yaml.",
    ),
    code(
        "init",
        "`placebook init` cannot make a playbook there: the name given is a file, or a folder that is not empty.",
        "Choose a new or empty folder, or add --force to add the playbook files to the folder anyway.",
    ),
    code(
        "invalid-alias",
        "An old address listed under `aliases` is not an address inside this site.",
        "Write an old address of this site, such as `old-name/` or `case-studies/old-name/`, without `..` or `http://`.",
    ),
    code(
        "invalid-config",
        "The settings file placebook.yaml is empty, cannot be read as YAML, or has an unknown setting or a wrong value.",
        "Correct the line shown as the help line says; the README's `placebook.yaml` section lists every setting.",
    ),
    code(
        "invalid-date",
        "A page's `updated` date is not a real date written as year-month-day.",
        "Write the date as YYYY-MM-DD, for example `updated: 2024-05-01`.",
    ),
    code(
        "invalid-front-matter",
        "A page's front matter cannot be read: a value is of the wrong sort (text for a number, say) or the YAML is malformed.",
        "Correct the line shown; put text that contains `: ` in quotes, and close every quote and bracket.",
    ),
    code(
        "invalid-slug",
        "A page's `slug:` cannot be part of a web address (it contains `/`, `..` or similar).",
        "Use only letters, digits and hyphens, for example `slug: our-story`.",
    ),
    code(
        "invalid-strings",
        "A theme's strings file (themes/<theme>/strings/<language>.yaml) cannot be read, or names words the theme does not have.",
        "Write one `key: words` line for each word you change, using the keys of the default theme's strings/en.yaml; the message names the nearest key.",
    ),
    code(
        "invalid-utf8",
        "A page or placebook.yaml is not saved as UTF-8, the kind of text file placebook reads.",
        "Open the file in your editor and save it with UTF-8 encoding (often under \"Save with encoding\").",
    ),
    code(
        "invalid-value",
        "A building block's `number` is 0 or less.",
        "Number the building blocks 1, 2, 3 and so on.",
    ),
    code(
        "io",
        "placebook could not read or write a file or folder on this computer (it is missing, locked, or not allowed).",
        "Check that the file or folder named exists, that you may open and change it, and that the disk is not full.",
    ),
    code(
        "list-field-link",
        "A link in `questions`, `signs` or `outcomes` is not a full web address; such a list item has no folder for a relative address to start from, so the link is shown as plain words.",
        "Link with the full address (https://...), or put a link to another page of the playbook in the page's text.",
    ),
    code(
        "local-address",
        "A link in a page's text, or a source's `url`, is a preview address on your own computer (`http://localhost:1111/`, `127.0.0.1`), or a source's `url` is a file there (`C:\\Users\\...`, `file:///...`, a network share `\\\\server\\share`). Readers of the published site cannot open it (a warning; a file path in a page's text is a `broken-link` error).",
        "Give the web address where the source is published (https://...), or put the file in the site's static/ folder and give its address there, e.g. `url: /files/report.pdf`.",
    ),
    code(
        "missing-alt",
        "An image has no alternative text, so people who cannot see it do not know what it shows.",
        "Describe the image in the square brackets, `![Map of the ward](map.png)`, or with `alt=\"...\"`; mark a decoration with `![](border.png \"decorative\")` or `alt=\"\"`.",
    ),
    code(
        "missing-field",
        "A page, or one of its sources, lacks a field it must have, such as a `title` or a source's `url`.",
        "Add the field named in the message; the help line shows an example.",
    ),
    code(
        "missing-front-matter",
        "A page has no front matter: the lines between `---` at the top that give its title and other fields.",
        "Start the file with a `---` line, then the fields the help line lists, then another `---` line.",
    ),
    code(
        "missing-image",
        "A page shows an image whose file is not in the site, or is there under a name that differs (often only in capital letters).",
        "Correct the file name to match exactly, capital letters included (web hosts treat `Photo.JPG` and `photo.jpg` as different files), or add the image.",
    ),
    code(
        "missing-template",
        "The theme lacks a template placebook needs, or one template names another that does not exist.",
        "Add the missing template to the theme's templates folder or correct its name, or use `theme: default`.",
    ),
    code(
        "missing-theme",
        "placebook.yaml names a theme that is not a folder under themes/.",
        "Correct `theme:` to the name of a folder under themes/, or use `theme: default`.",
    ),
    code(
        "missing-translation",
        "A page of a playbook in several languages has no version in one of them, or a language's entry in `languages:` gives no version of a word the site shows (a collection's title, a taxonomy's name, the self-assessment's title or scale), which its pages then show in the first language (a warning, or an error with `require_translations: true`).",
        "Write the translation beside the page with the language code before `.md` (the help line names the file), or add the words under the language's entry in `languages:`.",
    ),
    code(
        "more-problems",
        "One page has more than 50 problems with its links, images, footnotes or ids; the first 50 are shown and this counts the rest.",
        "Fix the problems shown (often one mistake copied many times), then build again to see any that are left.",
    ),
    code(
        "new",
        "`placebook new` cannot make the page: the title has no letters or digits, or a page with that address already exists.",
        "Choose another title, or edit the existing page instead.",
    ),
    code(
        "no-base-url",
        "The site's public address (`base_url`) is not set, so the sitemap and news feed (sitemap.xml and atom.xml) are not made.",
        "Add `base_url: https://your.site/path/` to placebook.yaml, or pass --base-url.",
    ),
    code(
        "no-content",
        "There is no content folder in the site folder, so there are no pages to build.",
        "Run placebook in the playbook's folder (or pass --root), or start a new playbook with `placebook init`.",
    ),
    code(
        "no-sources",
        "A case study cites no sources.",
        "Add `sources:` with at least one title and address, e.g. `sources: [{title: Evaluation report, url: \"https://example.org/report\"}]`.",
    ),
    code(
        "not-markdown",
        "A file in the content folder is not a markdown page, so it is not read as one: the file open in your editor, or a file whose name ends in .md.txt (as Notepad saves it).",
        "If it is meant to be a page, give it a name ending in .md (Windows may hide the .txt: turn on View > File name extensions in File Explorer); other files are copied into the site as they are.",
    ),
    code(
        "odd-space",
        "A front-matter line has a character that looks like a space but is not one to YAML (a no-break or zero-width space, usually copied from a web page or Word), where YAML needs a real space.",
        "Delete the space the caret points at and type an ordinary space.",
    ),
    code(
        "orphan-page",
        "No other page links to this page, so readers find it only by browsing lists.",
        "Link to it from another page's text, or name it in a case study's `building_blocks` or a block's `related`.",
    ),
    code(
        "other-language-link",
        "A page links to a page of another language (an English page to a `.cy.md` file) when the page has a version in its own language, so readers are sent out of their language.",
        "Link to the page in this page's language (the file without the language code, or with this page's code); readers switch languages with the language switch.",
    ),
    code(
        "other-markdown",
        "A line of a page starts with markup of another markdown dialect: an MkDocs admonition (`!!! note`), a Docusaurus, VuePress or Pandoc container (`:::tip`), or a kramdown attribute list (`{: .class}`). placebook's markdown does not have it, so readers would see the marker as text (a warning).",
        "Write a note as a GitHub alert (a line `> [!NOTE]`, then the note's lines each starting with `> `); delete an attribute list.",
    ),
    code(
        "output-changed",
        "A build failed part way through writing, and some files of the output folder could not be put back as they were; the message names them.",
        "Fix the problem the other errors name, then build again: the next build rewrites the whole folder.",
    ),
    code(
        "output-clash",
        "Two things would be written to the same file of the site, such as a page and an old address (alias) or a static file, or one would be a file where the other needs a folder of that name.",
        "Rename one of them, or change the alias or `slug:`.",
    ),
    code(
        "pasted-bullet",
        "Lines of a page start with a bullet such as `•` or `▪` (or lines in a row with a dash `–`), as a list pasted from Word or a web page brings them. Markdown does not read them as a list: readers would see the items run together in one paragraph (a warning).",
        "Start each item with `- ` (a hyphen and a space), and leave a blank line before the list.",
    ),
    code(
        "placeholder",
        "A field still holds the TODO placeholder that `placebook new` wrote.",
        "Replace TODO with the real value; the help line gives an example.",
    ),
    code(
        "remote-image",
        "An image is loaded from another site each time the page is opened (`![](https://…/map.png)`, or an `<img>` with such a `src`). Readers without internet (offline, or on an intranet) see no picture, the other site learns who reads the page, and the picture goes if it is moved there (a warning).",
        "Save the image beside the page's file and write its name instead (`![what it shows](map.png)`): placebook then publishes it with the site, in sizes for phones.",
    ),
    code(
        "reserved-url",
        "A page's address is one placebook already uses for a collection, a list of tags or a built-in page such as search.",
        "Rename the file, or set another `slug:` in its front matter.",
    ),
    code(
        "review-missing",
        "With `review_every` in placebook.yaml, a page has no `reviewed:` or `review_due:` date, so nobody can tell when it was last checked (a `check` warning).",
        "Once someone has checked the page is still right, add `reviewed: YYYY-MM-DD` with that day.",
    ),
    code(
        "review-overdue",
        "A page's next review (its `review_due:`, or `reviewed:` plus `review_every`) is before today, so it may no longer be right (a `check` warning).",
        "Check the page is still right, then set `reviewed:` to the day you did, and `review_due:` to the next one unless `review_every` sets it.",
    ),
    code(
        "rubric-levels",
        "A building block's `rubrics` entry gives a different number of descriptors than the diagnostic's scale has levels, so they cannot be matched to the levels and are not shown.",
        "Give one descriptor for each level of the `scale` in placebook.yaml, lowest first.",
    ),
    code(
        "rubric-question",
        "A building block's `rubrics` entry names a question the block does not have, or one that another entry already describes, so it is not shown.",
        "Set `question:` to the number of one of the block's `questions` (1 for the first), once each.",
    ),
    code(
        "search-no-stemmer",
        "Search cannot match word endings in the site's `language` (`housing` finding `houses`), so it matches words only as written.",
        "If the site is in a language search supports, set `language:` in placebook.yaml to it (e.g. `en`); otherwise nothing needs doing.",
    ),
    code(
        "statement-review-overdue",
        "The accessibility statement's next review (`review_due:` under `accessibility:`, or a year after its `reviewed:` or `prepared:` date) is before today; the regulations expect the statement to be kept up to date (a `check` warning).",
        "Check the statement is still true, testing the site again if it changed, then set `reviewed:` under `accessibility:` to the day you did.",
    ),
    code(
        "symlink-loop",
        "A shortcut (symbolic link) in the site points back to a folder that contains it, so it would go round for ever.",
        "Remove the link, or point it somewhere outside its own folder.",
    ),
    code(
        "symlink-outside",
        "A shortcut (symbolic link) in the site points outside the site folder, and placebook reads only files inside it.",
        "Copy the file into the site instead of linking to it.",
    ),
    code(
        "tab-indent",
        "A front-matter line is indented with a tab, which YAML does not allow.",
        "Replace the tab at the start of the line with two spaces.",
    ),
    code(
        "template",
        "A theme template failed in a way no other code covers.",
        "Read the message for the template named; if you did not change the theme, use `theme: default` or ask its maintainer.",
    ),
    code(
        "template-cycle",
        "A theme template extends, includes or imports itself, directly or through other templates, so it could never finish.",
        "Remove or change one of the `{% extends %}`, `{% include %}` or `{% import %}` tags in the chain the message shows.",
    ),
    code(
        "template-render",
        "A theme template failed while making a page, usually because it uses a value the page does not have.",
        "If you edited the theme, check the value names against the README's template contract; otherwise ask its maintainer.",
    ),
    code(
        "template-syntax",
        "A theme template is written incorrectly, for example a `{{` or `{%` that is never closed.",
        "Close every `{{ }}` and `{% %}` and end every block; if you did not edit the theme, ask its maintainer.",
    ),
    code(
        "template-tag",
        "A page's text has a template tag of another site generator, such as Jekyll's `{{ \"/about/\" | relative_url }}`, Hugo's `{{< ref \"about.md\" >}}` or the ERB of GOV.UK's Tech Docs Template (`<%= warning_text(\"…\") %>`). placebook does not run template tags in pages, so readers would see it as written.",
        "Write what the tag stood for: for a link, the address itself or the page's file (`[words](about.md)`). To show a tag as written, put it in backticks.",
    ),
    code(
        "template-unreadable",
        "A template in the theme cannot be read as text (it is not UTF-8, or the file cannot be opened).",
        "Save the template as UTF-8 text, or remove it from the theme's templates folder.",
    ),
    code(
        "toml-front-matter",
        "A page's front matter is written in TOML between `+++` lines; placebook reads YAML between `---` lines.",
        "Replace the `+++` lines with `---`, and write `key: value` instead of `key = value`.",
    ),
    code(
        "too-deep",
        "A page's text is nested more than 100 levels deep (quotes, lists or emphasis inside one another), which no reader can follow and which would slow every later step.",
        "Nest less deeply; usually a run of `>` or list markers was pasted by mistake.",
    ),
    code(
        "translation-out-of-date",
        "A translation was last updated before its original, so it may not say what the original now says.",
        "Bring the translation up to date and set its `updated:` (or commit it); if the original's change needs no translation, leave it.",
    ),
    code(
        "translation-without-original",
        "A page in another language (such as `oldham.cy.md`) has no page of the same name in the playbook's first language.",
        "Write the original page beside it (`oldham.md`), or correct the file name so that it matches the original's before the language code.",
    ),
    code(
        "unclosed-front-matter",
        "The front matter that starts on line 1 is never closed.",
        "Add a line with only `---` after the last front-matter field, before the page's text.",
    ),
    code(
        "unknown-block",
        "A page's `building_blocks` or `related` names a building block that does not exist.",
        "Correct the name to the block's file name without .md; the help line suggests the closest.",
    ),
    code(
        "unknown-collection",
        "A folder in content, or the collection given to `placebook new`, is not a collection of placebook.yaml.",
        "Correct the folder or collection name, or add it under `collections:` in placebook.yaml.",
    ),
    code(
        "unknown-field",
        "A page's front matter has a field placebook does not know: often a misspelling, or a field of another site generator (Jekyll's `permalink`, Hugo's `description`) in a page brought from it.",
        "Correct the spelling or rename the field (the help line names the likely field), or remove the line; to keep a value for your own templates, indent it under `extra:`.",
    ),
    code(
        "unknown-html-element",
        "A page has words in angle brackets, such as `<insert name>`, that are not an HTML element. Markdown passes them on as HTML, and browsers hide them instead of showing the words.",
        "To show them as written, put them in backticks (`` `<insert name>` ``) or write `&lt;insert name&gt;`.",
    ),
    code(
        "unknown-language",
        "A page's file name ends in a language code (such as `oldham.fr.md`) that is not one of the playbook's `languages:`.",
        "Add the language under `languages:` in placebook.yaml, or rename the file to use one of the configured codes.",
    ),
    code(
        "unsafe-output",
        "placebook will not write the site to the output folder chosen, as that could destroy other files.",
        "Choose another --output (such as `public`), or --force to replace a folder placebook did not write.",
    ),
    code(
        "unsafe-url",
        "A front-matter address (a source's `url`) is not a web, email or phone address: `javascript:` or `data:` addresses can run a script in readers' browsers.",
        "Give the real web address (https://...). With `sanitize: true`, such addresses are left out of the page and the source shows unlinked.",
    ),
    code(
        "unused-block",
        "No case study names this building block in its `building_blocks`.",
        "Add the block's name to the `building_blocks` of the case studies that show it.",
    ),
    code(
        "unwritable-name",
        "A page, alias, tag page or copied file would be written under a name no file system can hold: a part longer than 255 bytes (letters such as `İ` grow when an address is lower-cased), or one with a backslash, a NUL character, or a `.` or `..` part.",
        "Shorten the file's name or its `slug:` (or the alias, value or collection name the message names), or rename the file without those characters.",
    ),
    code(
        "wiki-link",
        "A page's text has a wiki link or embed, `[[Oldham]]` or `![[map.png]]`, as Obsidian and other note-taking tools write them. placebook's markdown does not have them: readers would see the words without a link, or no picture.",
        "Write a link to the page's file, `[Oldham](oldham.md)` (the help names the file), and an image with words saying what it shows, `![The map of Oldham](map.png)`.",
    ),
    code(
        "word-markup",
        "A page holds the markup Word adds to text pasted from it (`<o:p>`, `class=\"MsoNormal\"`, `mso-` styles). Readers do not see it, but it keeps Word's fonts and spacing in the page (a warning, once a page).",
        "Paste the text again as plain text (Ctrl+Shift+V), or delete the HTML tags around it and write it as markdown.",
    ),
];

/// The entry for the code `name`, if there is one.
pub fn lookup(name: &str) -> Option<&'static Code> {
    CODES
        .binary_search_by(|c| c.name.cmp(name))
        .ok()
        .map(|i| &CODES[i])
}

/// The entry for a code as a person may type or paste it: `unknown-field`, or the
/// header `error[unknown-field]` or `warning[orphan-page]`, in any case.
pub fn find(text: &str) -> Option<&'static Code> {
    let text = text.trim().to_lowercase();
    let bare = ["error[", "warning["]
        .iter()
        .find_map(|p| text.strip_prefix(p)?.strip_suffix(']'))
        .unwrap_or(&text);
    lookup(bare.trim())
}

/// Where [`markdown`] is kept: a page of the manual, which is a placebook site.
pub const DOCS_PAGE: &str = "docs/content/manual/diagnostic-codes.md";

/// The text of the manual's page of codes ([`DOCS_PAGE`]): a markdown table of every
/// code.
pub fn markdown() -> String {
    let mut out = String::from(
        "---\n\
         title: Error and warning codes\n\
         summary: Every error and warning placebook reports, what it means and how to fix it.\n\
         weight: 140\n\
         ---\n\
         \n\
         <!-- Generated from src/diagnostic/codes.rs: do not edit by hand. Regenerate with\n     \
         PLACEBOOK_BLESS=1 cargo test --lib diagnostic::codes -->\n\
         \n\
         Every problem placebook reports starts with `error[code]` or `warning[code]`.\n\
         Errors stop a build; warnings do not. `placebook explain CODE` prints the same\n\
         explanation in the terminal.\n\
         \n\
         | code | meaning | fix |\n\
         | --- | --- | --- |\n",
    );
    for c in CODES {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            c.name,
            cell(c.meaning),
            cell(c.fix)
        ));
    }
    out
}

/// Escapes the one character that ends a markdown table cell.
/// `text` made safe for a cell of a markdown table: `|` escaped, and `<` and `>`
/// outside code spans written as entities, so that `themes/<theme>/` is shown as it is
/// rather than read as an HTML tag.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '|' => out.push_str("\\|"),
            '<' if !in_code => out.push_str("&lt;"),
            '>' if !in_code => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::scan;
    use std::collections::BTreeSet;
    use std::path::Path;

    #[test]
    fn table_cells_show_angle_brackets_as_text() {
        assert_eq!(cell("a <b> `<c>` d|e"), "a &lt;b&gt; `<c>` d\\|e");
    }

    /// Codes that tests use as stand-ins and no build makes: `x` in src/lsp/position.rs.
    const TEST_ONLY: &[&str] = &["x"];

    /// Every code given to `Diagnostic::error` or `Diagnostic::warning` in src/, as
    /// (code, place, in test code); panics with every call the scanner cannot read.
    fn made_in_src() -> Vec<scan::Found> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = Vec::new();
        let mut unreadable = Vec::new();
        for path in scan::rust_files(&root.join("src")) {
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            let text = std::fs::read_to_string(&path).expect("read a source file");
            match scan::codes_in(&name.replace('\\', "/"), &text) {
                Ok(f) => found.extend(f),
                Err(e) => unreadable.push(e),
            }
        }
        assert!(unreadable.is_empty(), "{}", unreadable.join("\n"));
        found
    }

    #[test]
    fn table_lists_exactly_the_codes_made_in_src() {
        let found = made_in_src();
        let mut problems = Vec::new();
        for f in &found {
            let allowed =
                lookup(&f.code).is_some() || (f.in_test && TEST_ONLY.contains(&f.code.as_str()));
            if !allowed {
                problems.push(format!(
                    "`{}` is made at {} but is not in CODES in src/diagnostic/codes.rs: add it, with its meaning and fix",
                    f.code, f.place
                ));
            }
        }
        let made: BTreeSet<&str> = found
            .iter()
            .filter(|f| !f.in_test)
            .map(|f| f.code.as_str())
            .collect();
        for c in CODES.iter().filter(|c| !made.contains(c.name)) {
            problems.push(format!(
                "`{}` is in CODES but nothing in src/ makes it (outside tests): remove it from src/diagnostic/codes.rs",
                c.name
            ));
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn codes_are_sorted_unique_and_one_line_each() {
        for pair in CODES.windows(2) {
            assert!(
                pair[0].name < pair[1].name,
                "CODES must be sorted by name, without repeats: `{}` comes before `{}`",
                pair[0].name,
                pair[1].name
            );
        }
        for c in CODES {
            let well_formed = !c.name.is_empty()
                && c.name.split('-').all(|w| {
                    !w.is_empty()
                        && w.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                });
            assert!(
                well_formed,
                "`{}` is not lower-case words joined by hyphens",
                c.name
            );
            for text in [c.meaning, c.fix] {
                assert!(
                    !text.contains('\n') && text.ends_with('.'),
                    "`{}`: each meaning and fix is one line ending in a full stop: {text:?}",
                    c.name
                );
            }
        }
    }

    #[test]
    fn lookup_and_find_accept_names_and_pasted_headers() {
        assert_eq!(lookup("io").map(|c| c.name), Some("io"));
        assert_eq!(lookup("no-such-code"), None);
        assert_eq!(
            find(" Error[unknown-field] ").map(|c| c.name),
            Some("unknown-field")
        );
        assert_eq!(
            find("warning[orphan-page]").map(|c| c.name),
            Some("orphan-page")
        );
        assert_eq!(find("error[]"), None);
    }

    #[test]
    fn docs_table_is_current() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DOCS_PAGE);
        let want = markdown();
        if std::env::var_os("PLACEBOOK_BLESS").is_some_and(|v| v == "1") {
            std::fs::write(&path, &want).expect("write the manual's page of codes");
            return;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have.replace("\r\n", "\n") == want,
            "{DOCS_PAGE} does not match the table in src/diagnostic/codes.rs; \
             regenerate it with: PLACEBOOK_BLESS=1 cargo test --lib diagnostic::codes"
        );
    }
}
