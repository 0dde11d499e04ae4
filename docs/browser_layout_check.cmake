# Opens docs pages in headless Chromium, 1280 px wide, and checks what a reader sees:
# - every captured diagnostic (<pre class="ctnn-diagnostic">) is laid out, wraps instead of
#   scrolling sideways (its scrollWidth is at most its clientWidth), and marks its first error
#   line (the rule's sentence), which is in full view; the rules page has at least one;
# - every figure (<figure class="ctnn-figure">) loads: its <img> has a naturalWidth > 0 (or it is
#   an inline <svg>), it is shown, and it has a caption; each page has the number of figures
#   PAGES gives it (none when the docs were built without matplotlib, FIGURES=OFF), and no image
#   in a page's contents is broken.
# The pages are loaded one after the other in an <iframe> of a small page written to WORK, whose
# script measures each and writes one line per page into its own DOM, which --dump-dom prints.
# Arguments: CHROMIUM, HTML (the docs' html folder), WORK, PAGES ("page.html=figures,..."),
# FIGURES (ON or OFF). Says CTNN-SKIP (which CTest reports as skipped) without Chromium.
if(NOT CHROMIUM)
  message("CTNN-SKIP: Chromium is not installed (apt-get install chromium)")
  return()
endif()
string(REPLACE "," ";" pages "${PAGES}")
set(names "")
foreach(entry IN LISTS pages)
  string(REGEX REPLACE "=.*$" "" page "${entry}")
  if(NOT EXISTS ${HTML}/${page})
    message(FATAL_ERROR "${HTML}/${page} does not exist: build the 'docs' target first")
  endif()
  list(APPEND names "\"${page}\"")
endforeach()
list(JOIN names ", " PAGES_JS)
set(BASE_URL "file://${HTML}/")
file(MAKE_DIRECTORY ${WORK})
string(CONFIGURE [==[<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>ctnn docs: diagnostics and figures</title></head>
<body style="margin: 0">
<iframe id="frame" style="width: 1280px; height: 1000px; border: 0"></iframe>
<pre id="result">pending</pre>
<script>
const pages = [@PAGES_JS@];
const base = "@BASE_URL@";
const frame = document.getElementById("frame");
const lines = [];
let index = -1;

function list(items) { return items.length ? items.join("|") : "none"; }

function measure() {
  const page = pages[index];
  let doc = null;
  try { doc = frame.contentDocument; } catch (error) { doc = null; }
  if (!doc || !doc.body) {
    lines.push(`PAGE ${page} unreadable`);
    return next();
  }
  const contents = doc.querySelector("div.contents") || doc.body;
  const blocks = [...contents.querySelectorAll("pre.ctnn-diagnostic")];
  const wide = [], unmarked = [], hidden = [];
  blocks.forEach((block, i) => {
    if (block.clientWidth === 0 || block.scrollWidth > block.clientWidth)
      wide.push(`${i}:${block.scrollWidth}/${block.clientWidth}`);
    const rule = block.querySelector("span.ctnn-diagnostic-rule");
    if (!rule || !/ error: /.test(rule.textContent)) {
      unmarked.push(i);
      return;
    }
    const text = doc.createRange();  // the text's own extent, not its line's box
    text.selectNodeContents(rule);
    const r = text.getBoundingClientRect(), b = block.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.left < b.left - 0.5 || r.right > b.right + 0.5)
      hidden.push(i);
  });
  const figures = [...contents.querySelectorAll("figure.ctnn-figure")];
  const loaded = figures.filter(figure => {
    const img = figure.querySelector("img");
    const ok = img ? img.complete && img.naturalWidth > 0 : figure.querySelector("svg") !== null;
    return ok && figure.getBoundingClientRect().width > 0;
  });
  const captioned = figures.filter(figure => {
    const caption = figure.querySelector("figcaption");
    return caption && caption.textContent.trim().length > 0;
  });
  const broken = [...contents.querySelectorAll("img")]
                     .filter(img => !(img.complete && img.naturalWidth > 0))
                     .map(img => img.getAttribute("src"));
  lines.push(`PAGE ${page} width=${doc.documentElement.clientWidth} diagnostics=${blocks.length}` +
             ` wide=${list(wide)} unmarked=${list(unmarked)} hidden=${list(hidden)}` +
             ` figures=${figures.length} loaded=${loaded.length} captioned=${captioned.length}` +
             ` broken=${list(broken)}`);
  next();
}

function next() {
  index += 1;
  if (index === pages.length) {
    document.getElementById("result").textContent = lines.join("\n") + "\nDONE\n";
    return;
  }
  frame.onload = () => setTimeout(measure, 1000);  // after the page's own scripts lay it out
  frame.src = base + pages[index];
}
next();
</script>
</body></html>
]==] wrapper @ONLY)
file(WRITE ${WORK}/check.html "${wrapper}")
# --allow-file-access-from-files lets the page read the DOM of the file:// pages it loads.
execute_process(COMMAND ${CHROMIUM} --headless --no-sandbox --disable-gpu
                        --disable-background-networking --allow-file-access-from-files
                        --window-size=1300,1100 --virtual-time-budget=60000
                        --dump-dom file://${WORK}/check.html
                OUTPUT_VARIABLE dom ERROR_VARIABLE errors RESULT_VARIABLE rc TIMEOUT 240)
file(WRITE ${WORK}/check.dom.html "${dom}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "chromium failed (${rc}):\n${errors}")
endif()
if(NOT dom MATCHES "\nDONE\n")
  message(FATAL_ERROR "the check did not finish (see ${WORK}/check.dom.html)")
endif()

set(failures "")
foreach(entry IN LISTS pages)
  string(REGEX REPLACE "^(.*)=([0-9]+)$" "\\1" page "${entry}")
  string(REGEX REPLACE "^(.*)=([0-9]+)$" "\\2" expected_figures "${entry}")
  if(NOT FIGURES)
    set(expected_figures 0)
  endif()
  string(REPLACE "." "\\." page_regex "${page}")
  if(NOT dom MATCHES "PAGE ${page_regex} ([^\n]*)")
    list(APPEND failures "${page}: not measured")
    continue()
  endif()
  set(line "${CMAKE_MATCH_1}")
  message(STATUS "${page}: ${line}")
  foreach(key width diagnostics wide unmarked hidden figures loaded captioned broken)
    if(NOT line MATCHES "(^| )${key}=([^ ]*)")
      list(APPEND failures "${page}: unreadable measurement '${line}'")
      break()
    endif()
    set(${key} "${CMAKE_MATCH_2}")
  endforeach()
  if(NOT width EQUAL 1280)
    list(APPEND failures "${page}: laid out ${width} px wide, not 1280")
  endif()
  # As many diagnostic blocks as the page's HTML holds: all of them were laid out and measured.
  file(READ ${HTML}/${page} source)
  string(REGEX MATCHALL "<pre class=\"ctnn-diagnostic\">" in_source "${source}")
  list(LENGTH in_source in_source)
  if(NOT diagnostics EQUAL in_source)
    list(APPEND failures
         "${page}: ${diagnostics} diagnostic blocks in the browser, ${in_source} in the file")
  endif()
  if(page STREQUAL "rules.html" AND diagnostics LESS 1)
    list(APPEND failures "${page}: no diagnostic block")
  endif()
  if(NOT wide STREQUAL "none")
    list(APPEND failures
         "${page}: blocks that scroll sideways (block:scrollWidth/clientWidth): ${wide}")
  endif()
  if(NOT unmarked STREQUAL "none")
    list(APPEND failures "${page}: diagnostic blocks without a marked error line: ${unmarked}")
  endif()
  if(NOT hidden STREQUAL "none")
    list(APPEND failures "${page}: marked error lines not in full view: ${hidden}")
  endif()
  if(NOT figures EQUAL expected_figures)
    list(APPEND failures
         "${page}: ${figures} figures, expected ${expected_figures} (FIGURES=${FIGURES})")
  endif()
  if(NOT loaded EQUAL figures)
    list(APPEND failures "${page}: only ${loaded} of ${figures} figures loaded and shown")
  endif()
  if(NOT captioned EQUAL figures)
    list(APPEND failures "${page}: only ${captioned} of ${figures} figures have a caption")
  endif()
  if(NOT broken STREQUAL "none")
    list(APPEND failures "${page}: broken images: ${broken}")
  endif()
endforeach()
if(failures)
  list(JOIN failures "\n  " failures)
  message(FATAL_ERROR "in the browser (see ${WORK}/check.dom.html):\n  ${failures}")
endif()
if(NOT FIGURES)
  message(STATUS "the docs were built without their figures (no python3-matplotlib): none expected")
endif()
message(STATUS "every diagnostic wraps and marks its error line; every figure loads")
